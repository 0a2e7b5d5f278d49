using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;

namespace TorchCheckpoints;

/// <summary>A Python global named by a pickle (<c>GLOBAL</c> / <c>STACK_GLOBAL</c>), e.g. <c>collections.OrderedDict</c>.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A Python dict, keeping insertion order; <see cref="State"/> holds what a <c>BUILD</c> gave it (an OrderedDict's attributes).</summary>
internal sealed class PickleDict
{
    private readonly Dictionary<object, int> _index = [];
    private readonly List<KeyValuePair<object, object?>> _items = [];

    public IReadOnlyList<KeyValuePair<object, object?>> Items => _items;

    public object? State { get; set; }

    public void Set(object key, object? value)
    {
        if (_index.TryGetValue(key, out var position))
        {
            _items[position] = new(key, value);
        }
        else
        {
            _index[key] = _items.Count;
            _items.Add(new(key, value));
        }
    }

    public object? Get(object key) => _index.TryGetValue(key, out var position) ? _items[position].Value : null;
}

/// <summary>What the pickle machine asks its host: the three places where a pickle reaches outside plain data.</summary>
internal interface IPickleHost
{
    /// <summary><c>BINPERSID</c>: torch.save stores each storage as a persistent id.</summary>
    object PersistentLoad(object? persistentId);

    /// <summary><c>REDUCE</c> / <c>NEWOBJ</c>: calls a global with arguments.</summary>
    object? Call(PickleGlobal callable, object?[] arguments);

    /// <summary><c>BUILD</c>: sets an object's state.</summary>
    void Build(object? target, object? state);
}

/// <summary>
/// A small, safe pickle reader: plain data (None, bools, ints, floats, strings, bytes, tuples, lists, dicts) plus
/// globals, calls and persistent ids, which it hands to an <see cref="IPickleHost"/>; it never runs or loads code.
/// Reads protocols 0–5 as far as <c>torch.save</c> uses them. Tuples are <c>object?[]</c>, lists
/// <c>List&lt;object?&gt;</c>, dicts <see cref="PickleDict"/>, ints <c>long</c> (or <see cref="BigInteger"/>).
/// Malformed input throws <see cref="InvalidDataException"/> or <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class PickleReader
{
    private static readonly object Mark = new();
    private readonly Stream _stream;
    private readonly IPickleHost _host;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];

    public PickleReader(Stream stream, IPickleHost host)
    {
        _stream = stream;
        _host = host;
    }

    /// <summary>Reads one pickle, up to and including its STOP opcode, and returns its value.</summary>
    public object? Load()
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        while (true)
        {
            var offset = _stream.Position;
            var opcode = ReadByte();
            if (opcode == '.')
            {
                if (_stack.Count != 1)
                {
                    throw new InvalidDataException($"Malformed pickle: STOP at offset {offset} with {_stack.Count} values on the stack.");
                }

                return Pop();
            }

            Execute(opcode, offset);
        }
    }

    private void Execute(byte opcode, long offset)
    {
        switch (opcode)
        {
            case 0x80: // PROTO
                var protocol = ReadByte();
                if (protocol > 5)
                {
                    throw new InvalidDataException($"Unsupported pickle protocol {protocol} at offset {offset}.");
                }

                break;
            case 0x95: // FRAME
                ReadBytes(8);
                break;
            case (byte)'(': // MARK
                _marks.Push(_stack.Count);
                _stack.Add(Mark);
                break;
            case (byte)'0': // POP
                Pop();
                break;
            case (byte)'1': // POP_MARK
                PopMark();
                break;
            case (byte)'2': // DUP
                Push(Peek());
                break;
            case (byte)'N':
                Push(null);
                break;
            case 0x88: // NEWTRUE
                Push(true);
                break;
            case 0x89: // NEWFALSE
                Push(false);
                break;
            case (byte)'J': // BININT
                Push((long)BitConverter.ToInt32(ReadBytes(4)));
                break;
            case (byte)'K': // BININT1
                Push((long)ReadByte());
                break;
            case (byte)'M': // BININT2
                Push((long)BitConverter.ToUInt16(ReadBytes(2)));
                break;
            case (byte)'I': // INT (protocol 0)
                Push(ParseTextInt(ReadLine()));
                break;
            case (byte)'L': // LONG (protocol 0)
                Push(Narrow(BigInteger.Parse(ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture)));
                break;
            case 0x8a: // LONG1
                Push(ReadLong(ReadByte()));
                break;
            case 0x8b: // LONG4
                Push(ReadLong(ReadLength(4)));
                break;
            case (byte)'G': // BINFLOAT, big-endian
                var floatBytes = ReadBytes(8);
                Array.Reverse(floatBytes);
                Push(BitConverter.ToDouble(floatBytes));
                break;
            case (byte)'F': // FLOAT (protocol 0)
                Push(double.Parse(ReadLine(), CultureInfo.InvariantCulture));
                break;
            case (byte)'X': // BINUNICODE
                Push(ReadUtf8(ReadLength(4)));
                break;
            case 0x8c: // SHORT_BINUNICODE
                Push(ReadUtf8(ReadByte()));
                break;
            case 0x8d: // BINUNICODE8
                Push(ReadUtf8(ReadLength(8)));
                break;
            case (byte)'T': // BINSTRING (Python 2 str; torch.load decodes it as UTF-8)
                Push(ReadUtf8(ReadLength(4)));
                break;
            case (byte)'U': // SHORT_BINSTRING
                Push(ReadUtf8(ReadByte()));
                break;
            case (byte)'V': // UNICODE (protocol 0, raw-unicode-escape; plain ASCII keys in practice)
                Push(ReadLine());
                break;
            case (byte)'B': // BINBYTES
                Push(ReadBytes(ReadLength(4)));
                break;
            case (byte)'C': // SHORT_BINBYTES
                Push(ReadBytes(ReadByte()));
                break;
            case 0x8e: // BINBYTES8
                Push(ReadBytes(ReadLength(8)));
                break;
            case (byte)')': // EMPTY_TUPLE
                Push(Array.Empty<object?>());
                break;
            case (byte)'t': // TUPLE
                Push(PopMark().ToArray());
                break;
            case 0x85: // TUPLE1
                Push(new[] { Pop() });
                break;
            case 0x86: // TUPLE2
                var second = Pop();
                Push(new[] { Pop(), second });
                break;
            case 0x87: // TUPLE3
                var third = Pop();
                var middle = Pop();
                Push(new[] { Pop(), middle, third });
                break;
            case (byte)']': // EMPTY_LIST
                Push(new List<object?>());
                break;
            case (byte)'l': // LIST
                Push(PopMark());
                break;
            case (byte)'a': // APPEND
                var item = Pop();
                PeekAs<List<object?>>(opcode).Add(item);
                break;
            case (byte)'e': // APPENDS
                var items = PopMark();
                PeekAs<List<object?>>(opcode).AddRange(items);
                break;
            case (byte)'}': // EMPTY_DICT
                Push(new PickleDict());
                break;
            case (byte)'d': // DICT
                var dict = new PickleDict();
                SetItems(dict, PopMark());
                Push(dict);
                break;
            case (byte)'s': // SETITEM
                var value = Pop();
                var key = Pop();
                PeekAs<PickleDict>(opcode).Set(Key(key), value);
                break;
            case (byte)'u': // SETITEMS
                var pairs = PopMark();
                SetItems(PeekAs<PickleDict>(opcode), pairs);
                break;
            case 0x8f: // EMPTY_SET
                Push(new List<object?>());
                break;
            case 0x90: // ADDITEMS
                var setItems = PopMark();
                PeekAs<List<object?>>(opcode).AddRange(setItems);
                break;
            case 0x91: // FROZENSET
                Push(PopMark());
                break;
            case (byte)'c': // GLOBAL
                var module = ReadLine();
                Push(new PickleGlobal(module, ReadLine()));
                break;
            case 0x93: // STACK_GLOBAL
                var name = Pop() as string;
                var moduleName = Pop() as string;
                Push(new PickleGlobal(moduleName ?? throw Malformed(opcode, offset), name ?? throw Malformed(opcode, offset)));
                break;
            case (byte)'R': // REDUCE
            case 0x81: // NEWOBJ
                var arguments = Pop() as object?[] ?? throw Malformed(opcode, offset);
                var callable = Pop() as PickleGlobal ?? throw Malformed(opcode, offset);
                Push(_host.Call(callable, arguments));
                break;
            case (byte)'b': // BUILD
                var state = Pop();
                _host.Build(Peek(), state);
                break;
            case (byte)'Q': // BINPERSID
                Push(_host.PersistentLoad(Pop()));
                break;
            case (byte)'P': // PERSID
                Push(_host.PersistentLoad(ReadLine()));
                break;
            case (byte)'q': // BINPUT
                _memo[ReadByte()] = Peek();
                break;
            case (byte)'r': // LONG_BINPUT
                _memo[BitConverter.ToUInt32(ReadBytes(4))] = Peek();
                break;
            case (byte)'p': // PUT
                _memo[long.Parse(ReadLine(), CultureInfo.InvariantCulture)] = Peek();
                break;
            case 0x94: // MEMOIZE
                _memo[_memo.Count] = Peek();
                break;
            case (byte)'h': // BINGET
                Push(Recall(ReadByte(), offset));
                break;
            case (byte)'j': // LONG_BINGET
                Push(Recall(BitConverter.ToUInt32(ReadBytes(4)), offset));
                break;
            case (byte)'g': // GET
                Push(Recall(long.Parse(ReadLine(), CultureInfo.InvariantCulture), offset));
                break;
            default:
                throw new InvalidDataException($"Unsupported or invalid pickle opcode 0x{opcode:x2} at offset {offset}.");
        }
    }

    private static void SetItems(PickleDict dict, List<object?> pairs)
    {
        if (pairs.Count % 2 != 0)
        {
            throw new InvalidDataException("Malformed pickle: a dict was given an odd number of keys and values.");
        }

        for (var i = 0; i < pairs.Count; i += 2)
        {
            dict.Set(Key(pairs[i]), pairs[i + 1]);
        }
    }

    private static object Key(object? key) => key ?? throw new InvalidDataException("Malformed pickle: a dict key is None.");

    private static InvalidDataException Malformed(byte opcode, long offset) =>
        new($"Malformed pickle: opcode 0x{opcode:x2} at offset {offset} found unexpected values on the stack.");

    private static object ParseTextInt(string text) => text switch
    {
        "00" => false,
        "01" => true,
        _ => long.Parse(text, CultureInfo.InvariantCulture),
    };

    // Ints that fit stay long (the common case); only torch.save's 73-bit magic number needs a BigInteger.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Returns long or BigInteger by design.")]
    private static object Narrow(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;

    private object ReadLong(long byteCount) => Narrow(new BigInteger(ReadBytes(byteCount), isUnsigned: false, isBigEndian: false));

    private object? Recall(long key, long offset) =>
        _memo.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"Malformed pickle: memo entry {key} read at offset {offset} was never stored.");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek()
    {
        if (_stack.Count == 0 || ReferenceEquals(_stack[^1], Mark))
        {
            throw new InvalidDataException($"Malformed pickle: stack underflow at offset {_stream.Position}.");
        }

        return _stack[^1];
    }

    private T PeekAs<T>(byte opcode) where T : class =>
        Peek() as T ?? throw new InvalidDataException($"Malformed pickle: opcode 0x{opcode:x2} needs a {typeof(T).Name} on the stack.");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0)
        {
            throw new InvalidDataException($"Malformed pickle: no MARK before offset {_stream.Position}.");
        }

        var start = _marks.Pop();
        var items = _stack.GetRange(start + 1, _stack.Count - start - 1);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private byte ReadByte()
    {
        var value = _stream.ReadByte();
        return value < 0 ? throw new EndOfStreamException("The pickle ends before its STOP opcode.") : (byte)value;
    }

    private long ReadLength(int size)
    {
        var bytes = ReadBytes(size);
        var length = size == 4 ? BitConverter.ToUInt32(bytes) : BitConverter.ToInt64(bytes);
        return length;
    }

    private byte[] ReadBytes(long count)
    {
        if (count < 0 || count > _stream.Length - _stream.Position)
        {
            throw new EndOfStreamException($"The pickle asks for {count} bytes at offset {_stream.Position}, past the end of the data.");
        }

        var buffer = new byte[count];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    private string ReadUtf8(long count) => Encoding.UTF8.GetString(ReadBytes(count));

    private string ReadLine()
    {
        var bytes = new List<byte>();
        byte b;
        while ((b = ReadByte()) != '\n')
        {
            bytes.Add(b);
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
