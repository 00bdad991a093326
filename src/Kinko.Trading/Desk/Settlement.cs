using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// Turns order holds and fills into linked ledger groups. Every key derives from the command's
/// sequence (<see cref="HoldKeys"/>) or the journal's fill id, so a retried commit can never move
/// money twice.
/// </summary>
internal sealed class Settlement(TradingAccounts accounts, HoldKeys keys)
{
    /// <summary>Opens the order's first (or next) hold for what it needs; false when the owner lacks the funds.</summary>
    public bool TryHold(Market market, OrderHold hold, IHoldLedger ledger, out KinkoError? error)
    {
        var need = hold.Need(market);
        if (need == hold.HeldAmount && need > 0)
        {
            error = null;
            return true;
        }

        var group = new List<TransferRequest>(2);
        if (hold.HeldAmount > 0)
        {
            group.Add(TransferRequest.VoidHold(keys.Release(), hold.CurrentKey));
        }

        var nextKey = need > 0 ? keys.NewHold() : hold.CurrentKey;
        if (need > 0)
        {
            var asset = hold.Asset(market);
            group.Add(TransferRequest.Hold(nextKey, accounts.Available(asset, hold.OwnerId), accounts.Held(asset, hold.OwnerId), asset, need));
        }

        if (group.Count > 0 && !ledger.TryExecute(group, out error))
        {
            return false;
        }

        error = null;
        hold.CurrentKey = nextKey;
        hold.HeldAmount = need;
        return true;
    }

    /// <summary>Releases what the order still holds (it was filled, cancelled or expired).</summary>
    public void Release(OrderHold hold, IHoldLedger ledger)
    {
        if (hold.HeldAmount == 0)
        {
            return;
        }

        Apply(ledger, [TransferRequest.VoidHold(keys.Release(), hold.CurrentKey)]);
        hold.HeldAmount = 0;
    }

    /// <summary>
    /// Settles one fill as a linked group: each side's hold is posted for what the fill used (the
    /// rest released) and re-opened for what the order still needs; base goes to the buyer, quote
    /// to the seller, fees to the exchange (or a maker rebate from it).
    /// </summary>
    /// <returns>The fees charged to the taker and the maker (negative: a rebate), in quote minor units.</returns>
    public (long TakerFee, long MakerFee) SettleFill(Market market, in Fill fill, OrderHold taker, OrderHold maker, string fillId, IHoldLedger ledger)
    {
        var (buyer, seller) = fill.TakerSide == Side.Buy ? (taker, maker) : (maker, taker);
        var notional = market.Notional(fill.PriceTicks, fill.Lots);
        var baseAmount = market.BaseAmount(fill.Lots);
        var buyerFee = FeeMath.Fee(notional, buyer == taker ? buyer.TakerFeePpm : buyer.MakerFeePpm);
        var sellerFee = FeeMath.Fee(notional, seller == taker ? seller.TakerFeePpm : seller.MakerFeePpm);
        var quote = market.Quote.Code;
        var baseAsset = market.Base.Code;

        var group = new List<TransferRequest>(8);
        if (buyer.Type == OrderType.MarketBuy)
        {
            buyer.RemainingBudget -= notional + Math.Max(buyerFee, 0);
        }
        else
        {
            buyer.RemainingLots -= fill.Lots;
        }

        seller.RemainingLots -= fill.Lots;
        foreach (var side in (ReadOnlySpan<OrderHold>)[buyer, seller])
        {
            side.ExecutedLots += fill.Lots;
            side.ExecutedNotional += notional;
        }

        UseHold(market, buyer, notional + Math.Max(buyerFee, 0), group);
        UseHold(market, seller, baseAmount, group);
        group.Add(TransferRequest.Post(fillId + ".base", accounts.Held(baseAsset, seller.OwnerId), accounts.Available(baseAsset, buyer.OwnerId), baseAsset, baseAmount));
        group.Add(TransferRequest.Post(fillId + ".quote", accounts.Held(quote, buyer.OwnerId), accounts.Available(quote, seller.OwnerId), quote, notional));
        AddFee(group, fillId + ".fee-buyer", buyerFee, accounts.Held(quote, buyer.OwnerId), accounts.Available(quote, buyer.OwnerId), quote);
        AddFee(group, fillId + ".fee-seller", sellerFee, accounts.Available(quote, seller.OwnerId), accounts.Available(quote, seller.OwnerId), quote);
        Apply(ledger, group);
        return buyer == taker ? (buyerFee, sellerFee) : (sellerFee, buyerFee);
    }

    /// <summary>Posts <paramref name="used"/> of the order's hold (releasing the rest) and holds again what it still needs.</summary>
    private void UseHold(Market market, OrderHold hold, long used, List<TransferRequest> group)
    {
        Invariant.Assert(hold.HeldAmount >= used, "an order's fill used more than its hold");
        group.Add(TransferRequest.PostHold(keys.Release(), hold.CurrentKey, used));
        var need = hold.Need(market);
        hold.HeldAmount = 0;
        if (need > 0)
        {
            var asset = hold.Asset(market);
            hold.CurrentKey = keys.NewHold();
            group.Add(TransferRequest.Hold(hold.CurrentKey, accounts.Available(asset, hold.OwnerId), accounts.Held(asset, hold.OwnerId), asset, need));
            hold.HeldAmount = need;
        }
    }

    /// <summary>A charged fee leaves <paramref name="payer"/> for fee revenue; a rebate goes from fee revenue to <paramref name="rebated"/>.</summary>
    private void AddFee(List<TransferRequest> group, string key, long fee, AccountId payer, AccountId rebated, string quote)
    {
        if (fee > 0)
        {
            group.Add(TransferRequest.Post(key, payer, accounts.FeeRevenue(quote), quote, fee));
        }
        else if (fee < 0)
        {
            group.Add(TransferRequest.Post(key, accounts.FeeRevenue(quote), rebated, quote, -fee));
        }
    }

    private static void Apply(IHoldLedger ledger, IReadOnlyList<TransferRequest> group)
    {
        if (!ledger.TryExecute(group, out var error))
        {
            Invariant.Assert(false, $"the ledger refused a settlement that holds must cover: {error}");
        }
    }
}
