using Kinko.Primitives;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

/// <summary>Every refused transfer names its reason and field, and writes nothing.</summary>
public sealed class BadInputTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var store in new[] { "sqlite", "postgres" })
        {
            data.Add(store, "unknown asset", ErrorCode.UnknownAsset.Value, "asset");
            data.Add(store, "between assets", ErrorCode.AssetMismatch.Value, "credit");
            data.Add(store, "negative amount", ErrorCode.InvalidAmount.Value, "amount");
            data.Add(store, "zero amount", ErrorCode.InvalidAmount.Value, "amount");
            data.Add(store, "overdraw a customer", ErrorCode.InsufficientFunds.Value, "debit");
            data.Add(store, "hold more than available", ErrorCode.InsufficientFunds.Value, "debit");
            data.Add(store, "credit a hot wallet beyond its debits", ErrorCode.CreditLimitExceeded.Value, "credit");
            data.Add(store, "unknown account", ErrorCode.UnknownAccount.Value, "debit");
            data.Add(store, "same account", ErrorCode.SameAccount.Value, "credit");
            data.Add(store, "empty key", ErrorCode.InvalidKey.Value, "key");
            data.Add(store, "overlong key", ErrorCode.InvalidKey.Value, "key");
            data.Add(store, "overflow", ErrorCode.Overflow.Value, "amount");
            data.Add(store, "post more than held", ErrorCode.ExceedsPendingAmount.Value, "amount");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_transfer_is_refused_with_a_named_reason_and_writes_nothing(string store, string what, string code, string field)
    {
        using var h = LedgerHarness.Create(store, postgres);
        var capital = h.Capital();
        var alice = h.Customer(1);
        var bob = h.Customer(2);
        var btcCapital = h.Capital("BTC");
        var hotBtc = h.Hot("BTC");
        h.Engine.Execute(TransferRequest.Post("fund", capital.Id, alice.Id, "JPY", 1_000));
        h.Engine.Execute(TransferRequest.Hold("held", alice.Id, bob.Id, "JPY", 100));
        var before = Snapshot(h);

        var request = what switch
        {
            "unknown asset" => TransferRequest.Post("x", capital.Id, alice.Id, "DOGE", 1),
            "between assets" => TransferRequest.Post("x", capital.Id, btcCapital.Id, "JPY", 1),
            "negative amount" => TransferRequest.Post("x", capital.Id, alice.Id, "JPY", -1),
            "zero amount" => TransferRequest.Post("x", capital.Id, alice.Id, "JPY", 0),
            "overdraw a customer" => TransferRequest.Post("x", alice.Id, bob.Id, "JPY", 901),
            "hold more than available" => TransferRequest.Hold("x", alice.Id, bob.Id, "JPY", 901),
            "credit a hot wallet beyond its debits" => TransferRequest.Post("x", btcCapital.Id, hotBtc.Id, "BTC", 1),
            "unknown account" => TransferRequest.Post("x", new AccountId(999_999), alice.Id, "JPY", 1),
            "same account" => TransferRequest.Post("x", alice.Id, alice.Id, "JPY", 1),
            "empty key" => TransferRequest.Post("", capital.Id, alice.Id, "JPY", 1),
            "overlong key" => TransferRequest.Post(new string('k', TransferRequest.MaxKeyLength + 1), capital.Id, alice.Id, "JPY", 1),
            "overflow" => TransferRequest.Post("x", capital.Id, alice.Id, "JPY", long.MaxValue),
            "post more than held" => TransferRequest.PostHold("x", "held", 101),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
        var result = h.Engine.Execute(request);

        result.Status.ShouldBe(TransferStatus.Refused);
        result.Error!.Code.Value.ShouldBe(code);
        result.Error.Field.ShouldBe(field);
        result.Error.Message.ShouldNotBeNullOrWhiteSpace();
        Snapshot(h).ShouldBe(before);
        h.Restart();
        Snapshot(h).ShouldBe(before);
    }

    [Fact]
    public void An_over_scale_amount_never_reaches_the_ledger()
    {
        var btc = AssetRegistry.Default.Get("BTC");

        var error = Should.Throw<KinkoException>(() => Amount.Parse("0.000000001", btc, "amount")).Error;

        error.Code.ShouldBe(ErrorCode.InvalidAmount);
        error.Field.ShouldBe("amount");
        error.Message.ShouldContain("8 decimal places");
    }

    private static string Snapshot(LedgerHarness h)
    {
        var balances = h.Engine.Accounts().Select(a => $"{a.Id}:{h.Engine.Balance(a.Id)}");
        var stored = h.Store.Accounts().Select(a => $"{a.Id}:{h.Store.BalanceAt(a.Id, new LedgerPosition(long.MaxValue))}");
        return $"{h.Engine.LastPosition}|{string.Join(",", balances)}|{string.Join(",", stored)}";
    }
}
