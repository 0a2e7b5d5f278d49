using Xunit;

// The tests make their networks from torch's global random generator (manual_seed, then init): one test at a time, so
// that a network made twice from one seed is the same network.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
