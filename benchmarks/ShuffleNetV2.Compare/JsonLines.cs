using System;
using System.IO;
using System.Text.Json.Nodes;

namespace ShuffleNet.Torch.Compare;

/// <summary>
/// The workers' protocol: one JSON request per line on stdin, one JSON answer per line on stdout ("ok" true, or false
/// with "error"), until {"cmd": "quit"} or the end of the stream. The Python workers answer the same way.
/// </summary>
internal static class JsonLines
{
    public static void Serve(TextReader input, TextWriter output, Func<JsonObject, JsonObject> handle)
    {
        while (input.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject answer;
            var quit = false;
            try
            {
                var request = JsonNode.Parse(line) as JsonObject ?? throw new ArgumentException($"A request is a JSON object, got: {line}");
                quit = request["cmd"]?.GetValue<string>() == "quit";
                answer = quit ? new JsonObject() : handle(request);
                answer["ok"] = true;
            }
#pragma warning disable CA1031 // The worker reports any failure to the driver and keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                answer = new JsonObject { ["ok"] = false, ["error"] = $"{e.GetType().Name}: {e.Message}" };
            }

            output.WriteLine(answer.ToJsonString());
            output.Flush();
            if (quit)
            {
                return;
            }
        }
    }

    public static string Text(JsonObject request, string name) =>
        request[name]?.GetValue<string>() ?? throw new ArgumentException($"The request has no '{name}': {request.ToJsonString()}");

    public static int Number(JsonObject request, string name, int fallback) =>
        request[name] is { } value ? value.GetValue<int>() : fallback;
}
