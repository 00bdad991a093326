using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>One market as the sequencer runs it: its rules, its engine and the holds of its live orders.</summary>
public sealed class MarketDesk(Market market, MatchingEngine engine)
{
    public Market Market { get; set; } = market;

    public MatchingEngine Engine { get; } = engine;

    /// <summary>Holds of the market's open and waiting orders, by order id.</summary>
    public Dictionary<long, OrderHold> Holds { get; } = [];

    /// <summary>The id the market's next trade gets.</summary>
    public long NextTradeId { get; set; } = 1;

    /// <summary>The journal sequence the last snapshot of this market covers.</summary>
    public long SnapshotSequence { get; set; }

    /// <summary>The last journal sequence that touched this market.</summary>
    public long LastSequence { get; set; }

    public string SnapshotName => "market:" + Market.Pair;
}
