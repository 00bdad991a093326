using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

/// <summary>What one command produced, copied out of the engine's reusable output.</summary>
internal sealed record Result(Fill[] Fills, OrderOutcome[] Outcomes)
{
    /// <summary>The outcome of the command's own order.</summary>
    public OrderOutcome Outcome => Outcomes[0];
}

/// <summary>A matching engine with one reusable output and short ways to send it commands.</summary>
internal sealed class Market(MatchingRules? rules = null)
{
    public const long Alice = 1;
    public const long Bob = 2;
    public const long Carol = 3;

    private const long MarkerBuyer = 901;
    private const long MarkerSeller = 902;

    private readonly EngineOutput _output = new();
    private long _nextMarkerId = 1_000_000;

    public MatchingEngine Engine { get; } = new(rules ?? MatchingRules.Plain);

    /// <summary>The resting orders in priority order.</summary>
    public RestingOrder[] Book => [.. Engine.RestingOrders()];

    public OrderRequest[] Stops => [.. Engine.StopOrders()];

    public Result Place(OrderRequest order)
    {
        _output.Clear();
        Engine.Place(order, _output);
        return Copy();
    }

    public Result Buy(long id, long account, long priceTicks, long lots, TimeInForce timeInForce = TimeInForce.GoodTilCancelled) =>
        Place(OrderRequest.Limit(id, account, Side.Buy, priceTicks, lots, timeInForce));

    public Result Sell(long id, long account, long priceTicks, long lots, TimeInForce timeInForce = TimeInForce.GoodTilCancelled) =>
        Place(OrderRequest.Limit(id, account, Side.Sell, priceTicks, lots, timeInForce));

    public Result Cancel(long id)
    {
        _output.Clear();
        Engine.Cancel(id, _output);
        return Copy();
    }

    public Result Move(long id, long newPriceTicks)
    {
        _output.Clear();
        Engine.Move(id, newPriceTicks, _output);
        return Copy();
    }

    /// <summary>
    /// Makes the last trade price <paramref name="priceTicks"/> with a minimum-size trade between two
    /// bystanders; nothing may rest at or across that price.
    /// </summary>
    public void TradeAt(long priceTicks)
    {
        var lots = Engine.Rules.MinLots;
        Sell(_nextMarkerId++, MarkerSeller, priceTicks, lots).Outcome.State.ShouldBe(OrderState.Open);
        Buy(_nextMarkerId++, MarkerBuyer, priceTicks, lots).Outcome.State.ShouldBe(OrderState.Filled);
        Engine.LastTradePriceTicks.ShouldBe(priceTicks);
    }

    private Result Copy() => new(_output.Fills.ToArray(), _output.Outcomes.ToArray());
}
