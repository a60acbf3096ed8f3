namespace Truce.Evidence.Tests;

/// <summary>Tests that measure the whole process (bytes allocated while a file streams through) run in this collection:
/// xUnit runs it on its own, after the others, so no other test's allocations are counted.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "alone";
}
