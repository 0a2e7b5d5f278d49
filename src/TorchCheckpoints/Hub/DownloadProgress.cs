namespace TorchCheckpoints.Hub;

/// <summary>How far a download has come.</summary>
/// <param name="BytesReceived">The bytes received so far.</param>
/// <param name="TotalBytes">The file's size from the server's Content-Length, or null when the server did not send one.</param>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
