using System.Runtime.InteropServices;

namespace Kinko.Bench;

/// <summary>What a benchmark ran on, printed beside its figures.</summary>
public sealed record MachineInfo(int Cores, string CpuModel, string OperatingSystem, string Runtime, bool OptimizedBuild)
{
    public static MachineInfo Current()
    {
        var model = "unknown";
        if (File.Exists("/proc/cpuinfo"))
        {
            model = File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault() ?? model;
        }

        return new MachineInfo(
            Environment.ProcessorCount,
            model,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            IsOptimized());
    }

    public override string ToString() =>
        $"{Cores} cores, {CpuModel}, {OperatingSystem}, {Runtime}, {(OptimizedBuild ? "Release" : "Debug (figures not representative)")}";

    private static bool IsOptimized()
    {
        var attribute = typeof(MachineInfo).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().FirstOrDefault();
        return attribute is null || !attribute.IsJITOptimizerDisabled;
    }
}
