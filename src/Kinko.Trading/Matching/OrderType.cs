namespace Kinko.Trading.Matching;

/// <summary>How an order's size and price are given.</summary>
public enum OrderType : byte
{
    /// <summary>A limit price and an amount in lots.</summary>
    Limit = 0,

    /// <summary>Sells an amount in lots at whatever the bids pay.</summary>
    MarketSell = 1,

    /// <summary>Spends at most a quote amount (fees included) on whatever the asks offer (Coincheck's <c>market_buy_amount</c>).</summary>
    MarketBuy = 2,
}

/// <summary>What happens to the part of an order that does not fill at once.</summary>
public enum TimeInForce : byte
{
    /// <summary>Rests on the book until filled or cancelled.</summary>
    GoodTilCancelled = 0,

    /// <summary>Rests only as a maker: expires instead of taking.</summary>
    PostOnly = 1,

    /// <summary>Fills what it can at once; the rest expires (a Kinko extension).</summary>
    ImmediateOrCancel = 2,

    /// <summary>Fills wholly at once or not at all (a Kinko extension).</summary>
    FillOrKill = 3,
}

/// <summary>Why an order (or its rest) expired; the API's <c>expired_type</c>.</summary>
public enum ExpiryReason : byte
{
    None = 0,
    SelfTradePrevention = 1,
    PriceLimit = 2,
    PostOnly = 3,
    UnfilledMarket = 4,
    ImmediateOrCancel = 5,
    FillOrKill = 6,
}

/// <summary>Where an order stands after a command.</summary>
public enum OrderState : byte
{
    /// <summary>Resting on the book (new or partially filled).</summary>
    Open = 0,

    /// <summary>A stop order waiting for its trigger price.</summary>
    WaitingForTrigger = 1,
    Filled = 2,
    Cancelled = 3,
    Expired = 4,

    /// <summary>Never accepted: the command broke a rule of the market (see its refusal).</summary>
    Refused = 5,
}

/// <summary>Why the engine refused a command; each maps to an API error code.</summary>
public enum Refusal : byte
{
    None = 0,
    InvalidAmount = 1,
    BelowMinimum = 2,
    InvalidPrice = 3,
    PriceOutOfBand = 4,
    DuplicateOrderId = 5,
    UnknownOrder = 6,
    NotMovable = 7,
    TooManyOrders = 8,
}
