namespace Kinko.Trading.Matching;

/// <summary>One aggregated price level.</summary>
public readonly record struct DepthLevel(long PriceTicks, long Lots, int Orders);
