using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TorchCheckpoints.Tests.Hub;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 for download tests, written on a TcpListener because HttpListener cannot send a
/// Content-Length it then breaks, nor stall mid-body. Every response closes its connection. Unknown paths answer 404.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Func<Stream, CancellationToken, Task>> _routes = new();
    private readonly Task _acceptLoop;
    private int _requestCount;

    public LocalHttpServer()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>Requests received so far, on any path.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}");

    /// <summary>200 with the whole body.</summary>
    public Uri Serve(string path, byte[] body) => Route(path, async (stream, token) =>
    {
        await WriteHeadAsync(stream, "200 OK", body.Length, token);
        await stream.WriteAsync(body, token);
    });

    /// <summary>200 declaring <paramref name="declaredLength"/> bytes, then only <paramref name="body"/>, then the connection closes.</summary>
    public Uri ServeCutShort(string path, byte[] body, long declaredLength) => Route(path, async (stream, token) =>
    {
        await WriteHeadAsync(stream, "200 OK", declaredLength, token);
        await stream.WriteAsync(body, token);
    });

    /// <summary>An error status with a short text body.</summary>
    public Uri ServeStatus(string path, int status, string reason) => Route(path, async (stream, token) =>
    {
        var body = Encoding.ASCII.GetBytes(reason);
        await WriteHeadAsync(stream, $"{status} {reason}", body.Length, token);
        await stream.WriteAsync(body, token);
    });

    /// <summary>Reads the request and never answers (until the server is disposed).</summary>
    public Uri ServeNoAnswer(string path) => Route(path, (_, token) => Task.Delay(Timeout.Infinite, token));

    /// <summary>Sends the head and the first bytes of the body, then stalls (until the server is disposed).</summary>
    public Uri ServeStallingBody(string path, byte[] firstBytes, long declaredLength) => Route(path, async (stream, token) =>
    {
        await WriteHeadAsync(stream, "200 OK", declaredLength, token);
        await stream.WriteAsync(firstBytes, token);
        await stream.FlushAsync(token);
        await Task.Delay(Timeout.Infinite, token);
    });

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private Uri Route(string path, Func<Stream, CancellationToken, Task> respond)
    {
        _routes["/" + path] = respond;
        return Url(path);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream, _stop.Token);
                Interlocked.Increment(ref _requestCount);
                var respond = _routes.TryGetValue(path, out var route) ? route : NotFound;
                await respond(stream, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static async Task NotFound(Stream stream, CancellationToken token)
    {
        await WriteHeadAsync(stream, "404 Not Found", 0, token);
    }

    private static async Task<string> ReadRequestPathAsync(Stream stream, CancellationToken token)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, token) == 0)
            {
                throw new IOException("The client closed the connection before the end of the request head.");
            }

            head.Append((char)one[0]);
        }

        // "GET /path HTTP/1.1"
        return head.ToString().Split(' ')[1];
    }

    private static async Task WriteHeadAsync(Stream stream, string status, long contentLength, CancellationToken token)
    {
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), token);
    }
}
