using System.Globalization;
using Kinko.Primitives;
using Kinko.Server.Api.Auth;
using Kinko.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kinko.Server.Api;

/// <summary>
/// Money in and out (spec §6.10 to §6.13): deposit and send histories, bank accounts, JPY
/// withdrawals. Deposits and withdrawals arrive with their own issues; until then the histories are
/// the real, empty lists in their final shapes. Permissions: read to look, withdraw to change where
/// money may go.
/// </summary>
public static class FundingEndpoints
{
    /// <summary>Most bank accounts one customer may register.</summary>
    public const int MaxBankAccountsPerUser = 10;

    /// <summary>Longest bank, branch or holder name.</summary>
    public const int MaxNameLength = 64;

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/deposit_money", Deposits).Requires(ApiPermission.Read);
        app.MapGet("/api/send_money", Sends).Requires(ApiPermission.Read);
        app.MapGet("/api/withdraws", Withdrawals).Requires(ApiPermission.Read);
        app.MapGet("/api/bank_accounts", BankAccounts).Requires(ApiPermission.Read);
        app.MapPost("/api/bank_accounts", AddBankAccount).Requires(ApiPermission.Withdraw);
        app.MapDelete("/api/bank_accounts/{id}", DeleteBankAccount).Requires(ApiPermission.Withdraw);
    }

    /// <summary>Credited deposits; <c>currency</c> is optional and matched in any case (ccxt sends it lowercase).</summary>
    private static IResult Deposits(HttpRequest request)
    {
        if (!TryCurrency(request, out var error) || !Pagination.TryRead(request.Query, out _, out error))
        {
            return ApiJson.Error(error!);
        }

        return Results.Json(new { success = true, deposits = Array.Empty<object>() });
    }

    private static IResult Sends(HttpRequest request) =>
        TryCurrency(request, out var error)
            ? Results.Json(new { success = true, sends = Array.Empty<object>() })
            : ApiJson.Error(error!);

    private static IResult Withdrawals(HttpRequest request)
    {
        if (!Pagination.TryRead(request.Query, out var page, out var error))
        {
            return ApiJson.Error(error!);
        }

        return Results.Json(new { success = true, pagination = page.Echo(), data = Array.Empty<object>() });
    }

    private static IResult BankAccounts(ApiCaller caller, SqlBankAccountStore store) =>
        Results.Json(new { success = true, data = store.List(caller.UserId).Select(Json) });

    private static IResult AddBankAccount(HttpRequest request, ApiCaller caller, SqlBankAccountStore store)
    {
        if (!RequestParameters.TryRead(request, caller.Body, out var values, out var error))
        {
            return ApiJson.Error(error!);
        }

        if (!TryName(values, "bank_name", out var bank, out error) || !TryName(values, "branch_name", out var branch, out error)
            || !TryName(values, "name", out var holder, out error))
        {
            return ApiJson.Error(error!);
        }

        var type = values.GetValueOrDefault("bank_account_type");
        if (type is not ("futsu" or "toza"))
        {
            return ApiJson.Error("bank_account_type must be futsu or toza");
        }

        var number = values.GetValueOrDefault("number");
        if (number is not { Length: 7 } || !number.All(char.IsAsciiDigit))
        {
            return ApiJson.Error("number must be the account's 7 digits");
        }

        var added = store.Insert(new BankAccount(0, caller.UserId, bank, branch, type, number, holder), MaxBankAccountsPerUser);
        return added is null
            ? ApiJson.Error($"bank accounts: at most {MaxBankAccountsPerUser} may be registered; delete one first")
            : Results.Json(new { success = true, data = Json(added) });
    }

    private static IResult DeleteBankAccount(string id, ApiCaller caller, SqlBankAccountStore store) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId) && store.Delete(caller.UserId, accountId)
            ? Results.Json(new { success = true })
            : ApiJson.Error($"id: no bank account {id} of yours", StatusCodes.Status404NotFound);

    private static object Json(BankAccount a) => new
    {
        id = a.Id,
        bank_name = a.BankName,
        branch_name = a.BranchName,
        bank_account_type = a.AccountType,
        number = a.Number,
        name = a.HolderName,
    };

    private static bool TryCurrency(HttpRequest request, out string? error)
    {
        error = null;
        var currency = request.Query["currency"].FirstOrDefault();
        if (string.IsNullOrEmpty(currency))
        {
            return true; // every currency
        }

        // A currency Kinko does not list (ccxt knows FCT, for one) simply has no history; only a
        // malformed code is an error.
        if (currency.Length is < 2 or > 10 || !currency.All(char.IsAsciiLetter))
        {
            error = $"currency: '{currency}' is not a currency code (2 to 10 letters, e.g. btc)";
            return false;
        }

        return true;
    }

    private static bool TryName(IReadOnlyDictionary<string, string?> values, string field, out string name, out string? error)
    {
        name = values.GetValueOrDefault(field)?.Trim() ?? "";
        error = name.Length is 0 or > MaxNameLength || name.Any(char.IsControl)
            ? $"{field} must be 1 to {MaxNameLength} characters"
            : null;
        return error is null;
    }
}
