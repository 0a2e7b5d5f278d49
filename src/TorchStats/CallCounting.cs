namespace TorchStats;

/// <summary>Which calls of a module that runs more than once make its rows.</summary>
public enum CallCounting
{
    /// <summary>
    /// torchstat's way, the default: one row per leaf module with the numbers of its LAST call, so a module called
    /// twice is counted once (<see cref="LayerRow.Calls"/> still says how often it ran).
    /// </summary>
    LastCall,

    /// <summary>
    /// One row per call: a module that ran N times has N rows, in order of its calls (<see cref="LayerRow.CallIndex"/>
    /// 0 … N−1), and the totals count every call. Its parameters are counted once, in the row of its first call.
    /// </summary>
    EveryCall,
}
