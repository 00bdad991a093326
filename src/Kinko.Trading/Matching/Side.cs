namespace Kinko.Trading.Matching;

/// <summary>Which side of the book an order is on.</summary>
public enum Side : byte
{
    Buy = 0,
    Sell = 1,
}

public static class SideExtensions
{
    public static Side Opposite(this Side side) => side == Side.Buy ? Side.Sell : Side.Buy;
}
