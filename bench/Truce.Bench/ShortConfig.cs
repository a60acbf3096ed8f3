using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Truce.Bench;

/// <summary>
/// ShortRun (1 launch, 3 warm-up and 3 measured iterations) so that the whole suite takes minutes on a shared
/// 2-core machine. In process: no generated project to build (it would inherit this repository's warnings-as-errors),
/// and the proof logs are opened once per benchmark class.
/// </summary>
sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
        AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray());
        AddValidator(DefaultConfig.Instance.GetValidators().ToArray());
        WithOptions(ConfigOptions.JoinSummary);
    }
}
