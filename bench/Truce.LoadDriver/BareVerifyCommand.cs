namespace Truce.LoadDriver;

/// <summary>The bare verification rate on its own (append-inprocess measures it too, beside each round).</summary>
static class BareVerifyCommand
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 5), perRound = o.Int("entries", 50_000);
        await using var w = await Workload.CreateAsync();
        var entries = w.Sign(perRound, "verify");
        BareVerify.Bare(entries);
        List<double> bare = [], envelope = [];
        for (int r = 0; r < rounds; r++)
        {
            bare.Add(BareVerify.Bare(entries));
            envelope.Add(BareVerify.Envelope(entries));
            Console.WriteLine($"round {r + 1}: bare {Stats.Rate(bare[^1])}, envelope {Stats.Rate(envelope[^1])}, load {MachineInfo.LoadAverage()}");
        }
        Console.WriteLine($"RESULT bare-verify: median {Stats.Rate(Stats.Median(bare))} [{Stats.Rates(bare)}]; " +
            $"envelope verify median {Stats.Rate(Stats.Median(envelope))} [{Stats.Rates(envelope)}]");
        return 0;
    }
}
