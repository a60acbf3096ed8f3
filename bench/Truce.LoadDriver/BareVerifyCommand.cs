namespace Truce.LoadDriver;

/// <summary>The bare verification rate on its own (append-inprocess measures it too, beside each round).</summary>
static class BareVerifyCommand
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 5), perRound = o.Int("entries", 50_000);
        await using var w = await Workload.CreateAsync(o);
        var entries = w.Sign(perRound, "verify");
        BareVerify.Bare(entries);
        List<Reading> bare = [], envelope = [];
        for (int r = 0; r < rounds; r++)
        {
            bare.Add(BareVerify.Bare(entries));
            envelope.Add(BareVerify.Envelope(entries));
            Console.WriteLine($"round {r + 1}: bare {bare[^1]}, envelope {envelope[^1]}, load {MachineInfo.LoadAverage()}");
        }
        Console.WriteLine($"RESULT bare-verify: {Stats.Summary(bare)}; envelope verify {Stats.Summary(envelope)}");
        return 0;
    }
}
