using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kinko.Primitives;
using Kinko.TestSupport;

namespace Kinko.Ledger.Tests;

/// <summary>
/// Random streams of transfers, holds, posts, voids, retries and refused requests, split into random
/// commits and linked groups, run on SQLite and on PostgreSQL and against <see cref="LedgerModel"/>.
/// </summary>
public sealed class LedgerProperties(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Property(MaxTest = 40, Arbitrary = [typeof(LedgerOpArbitrary)])]
    public void Both_stores_agree_with_the_model_and_every_invariant_holds(LedgerOp[] ops)
    {
        using var sqlite = LedgerHarness.Create("sqlite");
        using var pg = LedgerHarness.Create("postgres", postgres);
        var model = new LedgerModel();
        var accountsSqlite = OpenAccounts(sqlite, model);
        var accountsPg = OpenAccounts(pg, null);
        accountsPg.ShouldBe(accountsSqlite);

        var batches = Plan(ops, accountsSqlite);
        var committed = new List<IReadOnlyList<TransferRequest>[]>();
        foreach (var batch in batches)
        {
            var expected = batch.Select(model.Apply).ToArray();
            var gotSqlite = sqlite.Engine.Execute(batch).Select(g => g.All(r => r.Succeeded)).ToArray();
            var gotPg = pg.Engine.Execute(batch).Select(g => g.All(r => r.Succeeded)).ToArray();
            gotSqlite.ShouldBe(expected);
            gotPg.ShouldBe(expected);
            committed.Add(batch.Where((_, i) => expected[i]).ToArray());
        }

        foreach (var h in new[] { sqlite, pg })
        {
            CheckInvariants(h, model, accountsSqlite);
            var position = h.Engine.LastPosition;
            foreach (var batch in committed)
            {
                h.Engine.Execute(batch).SelectMany(g => g).ShouldAllBe(r => r.Status == TransferStatus.AlreadyExists);
            }

            h.Engine.LastPosition.ShouldBe(position);
            h.Restart();
            CheckInvariants(h, model, accountsSqlite);
            h.Engine.LastPosition.ShouldBe(position);
        }
    }

    private static void CheckInvariants(LedgerHarness h, LedgerModel model, AccountId[] accounts)
    {
        h.Engine.TrialBalance().ShouldAllBe(l => l.IsBalanced);
        h.Store.TrialBalanceAt(h.Engine.LastPosition).ShouldAllBe(l => l.IsBalanced);
        foreach (var id in accounts)
        {
            var balance = h.Engine.Balance(id);
            balance.ShouldBe(model.Balance(id), $"account {id} on {h.Kind}");
            h.Store.BalanceAt(id, h.Engine.LastPosition).ShouldBe(balance);
            var account = h.Engine.FindAccount(id)!;
            if (account.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits))
            {
                balance.Available.ShouldBeGreaterThanOrEqualTo(0);
            }

            if (account.Flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits))
            {
                (balance.DebitsPosted - balance.CreditsPosted - balance.CreditsPending).ShouldBeGreaterThanOrEqualTo(0);
            }
        }
    }

    /// <summary>JPY: capital, three customers; BTC: capital, two customers, a hot wallet.</summary>
    private static AccountId[] OpenAccounts(LedgerHarness h, LedgerModel? model)
    {
        var accounts = new List<Account>
        {
            h.Capital("JPY"), h.Customer(1, "JPY"), h.Customer(2, "JPY"), h.Customer(3, "JPY"),
            h.Capital("BTC"), h.Customer(1, "BTC"), h.Customer(2, "BTC"), h.Hot("BTC"),
        };
        accounts.ForEach(a => model?.AddAccount(a));
        return accounts.Select(a => a.Id).ToArray();
    }

    /// <summary>Turns generated operations into commits of linked groups of requests.</summary>
    private static List<IReadOnlyList<TransferRequest>[]> Plan(LedgerOp[] ops, AccountId[] accounts)
    {
        var issued = new List<TransferRequest>();
        var holds = new List<string>();
        var batches = new List<IReadOnlyList<TransferRequest>[]>();
        var batch = new List<List<TransferRequest>>();
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            var request = ToRequest(op, i, accounts, issued, holds);
            issued.Add(request);
            if (op.Kind == 1)
            {
                holds.Add(request.Key);
            }

            if (op.LinkToPrevious && batch.Count > 0)
            {
                batch[^1].Add(request);
            }
            else
            {
                batch.Add([request]);
            }

            if (op.EndsCommit)
            {
                batches.Add(batch.ToArray<IReadOnlyList<TransferRequest>>());
                batch = [];
            }
        }

        if (batch.Count > 0)
        {
            batches.Add(batch.ToArray<IReadOnlyList<TransferRequest>>());
        }

        return batches;
    }

    private static TransferRequest ToRequest(LedgerOp op, int index, AccountId[] accounts, List<TransferRequest> issued, List<string> holds)
    {
        var key = $"op-{index}";
        var assetBase = op.Btc ? 4 : 0;
        var asset = op.Btc ? "BTC" : "JPY";
        var from = accounts[assetBase + op.From];
        var to = accounts[assetBase + op.To];
        return op.Kind switch
        {
            0 => TransferRequest.Post(key, from, to, asset, op.Amount),
            1 => TransferRequest.Hold(key, from, to, asset, op.Amount),
            2 when holds.Count > 0 => TransferRequest.PostHold(key, holds[op.Ref % holds.Count], Math.Max(0, op.Amount % 300)),
            3 when holds.Count > 0 => TransferRequest.VoidHold(key, holds[op.Ref % holds.Count]),
            4 when issued.Count > 0 => issued[op.Ref % issued.Count],
            5 when issued.Count > 0 => issued[op.Ref % issued.Count] with { Amount = issued[op.Ref % issued.Count].Amount + 1 },
            _ => TransferRequest.Post(key, accounts[assetBase], to, asset, op.Amount),
        };
    }
}

/// <summary>One generated step: what to do, between which accounts, and how it is grouped and committed.</summary>
public sealed record LedgerOp(int Kind, bool Btc, int From, int To, long Amount, int Ref, bool LinkToPrevious, bool EndsCommit);

public static class LedgerOpArbitrary
{
    public static Arbitrary<LedgerOp> Ops() =>
        (from kind in Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)), (1, Gen.Constant(5)), (2, Gen.Constant(6)))
         from btc in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
         from accountFrom in Gen.Choose(0, 3)
         from accountTo in Gen.Choose(0, 3)
         from amount in Gen.Frequency((12, Gen.Choose(1, 500)), (1, Gen.Choose(-5, 0)))
         from reference in Gen.Choose(0, 1000)
         from link in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
         from ends in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
         select new LedgerOp(kind, btc, accountFrom, accountTo, amount, reference, link, ends)).ToArbitrary();
}
