namespace SimdBackprop.Tests.Support;

/// <summary>Tests that attach a process-wide listener run in this collection, with no other test running beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideListeners
{
    public const string Name = "Process-wide listeners";
}
