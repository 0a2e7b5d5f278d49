namespace ShuffleNet.Torch.Classifier.Reports;

/// <summary>How a report is written.</summary>
public enum ReportFormat
{
    /// <summary>Plain text: a few lines and aligned columns, for a console.</summary>
    Text,

    /// <summary>A Markdown document.</summary>
    Markdown,

    /// <summary>RFC 4180 CSV: a header row, then one row per item.</summary>
    Csv,

    /// <summary>JSON.</summary>
    Json,
}
