using System.Net;
using Kinko.Server.Api;
using Kinko.Server.Api.Auth;

namespace Kinko.Integration.Tests;

/// <summary>Deposit, send and withdrawal histories and bank accounts (spec §6.10 to §6.13), as ccxt and bots read them.</summary>
public sealed class FundingApiTests : IAsyncLifetime
{
    private const long User = 31;
    private ApiServer _server = null!;
    private (string Key, string Secret) _full;
    private (string Key, string Secret) _readOnly;

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-funding-api");
        _full = _server.Get<ApiKeys>().Create(User, ["read", "withdraw"]);
        _readOnly = _server.Get<ApiKeys>().Create(User, ["read"]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/api/deposit_money", "deposits")]
    [InlineData("/api/deposit_money?currency=btc", "deposits")]
    [InlineData("/api/deposit_money?currency=BTC&limit=5", "deposits")]
    [InlineData("/api/send_money?currency=BTC", "sends")]
    [InlineData("/api/deposit_money?currency=fct", "deposits")]
    [InlineData("/api/withdraws?limit=10", "data")]
    public async Task Histories_answer_their_list_with_any_currency_case(string path, string list)
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, path, _readOnly);

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("success").GetBoolean().ShouldBeTrue();
        body.GetProperty(list).GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/deposit_money?currency=b%20t%20c", "currency")]
    [InlineData("/api/withdraws?limit=0", "limit")]
    [InlineData("/api/withdraws?order=sideways", "order")]
    [InlineData("/api/withdraws?starting_after=5&ending_before=9", "not both")]
    public async Task A_bad_history_query_names_the_parameter(string path, string field)
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, path, _readOnly);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain(field);
    }

    [Fact]
    public async Task A_bank_account_is_registered_listed_and_deleted()
    {
        var (status, added) = await _server.SendAsync(HttpMethod.Post, "/api/bank_accounts", _full,
            "bank_name=MUFG&branch_name=Shibuya&bank_account_type=futsu&number=1234567&name=YAMADA TARO");
        status.ShouldBe(HttpStatusCode.OK, added.ToString());
        var id = added.GetProperty("data").GetProperty("id").GetInt64();
        added.GetProperty("data").GetProperty("number").GetString().ShouldBe("1234567");

        var listed = (await _server.SendAsync(HttpMethod.Get, "/api/bank_accounts", _readOnly)).Body.GetProperty("data").EnumerateArray().ShouldHaveSingleItem();
        listed.GetProperty("bank_account_type").GetString().ShouldBe("futsu");
        listed.GetProperty("name").GetString().ShouldBe("YAMADA TARO");

        (await _server.SendAsync(HttpMethod.Delete, $"/api/bank_accounts/{id}", _full)).Status.ShouldBe(HttpStatusCode.OK);
        (await _server.SendAsync(HttpMethod.Get, "/api/bank_accounts", _readOnly)).Body.GetProperty("data").GetArrayLength().ShouldBe(0);
        (await _server.SendAsync(HttpMethod.Delete, $"/api/bank_accounts/{id}", _full)).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("branch_name=Shibuya&bank_account_type=futsu&number=1234567&name=A", "bank_name")]
    [InlineData("bank_name=MUFG&branch_name=Shibuya&bank_account_type=savings&number=1234567&name=A", "bank_account_type")]
    [InlineData("bank_name=MUFG&branch_name=Shibuya&bank_account_type=futsu&number=12345&name=A", "number")]
    [InlineData("bank_name=MUFG&branch_name=Shibuya&bank_account_type=futsu&number=1234567", "name")]
    public async Task A_bad_bank_account_names_the_field_and_registers_nothing(string body, string field)
    {
        var (status, answer) = await _server.SendAsync(HttpMethod.Post, "/api/bank_accounts", _full, body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        answer.GetProperty("error").GetString().ShouldNotBeNull().ShouldStartWith(field);
        (await _server.SendAsync(HttpMethod.Get, "/api/bank_accounts", _readOnly)).Body.GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Registering_a_bank_account_needs_the_withdraw_permission_and_has_a_limit()
    {
        const string body = "bank_name=MUFG&branch_name=Shibuya&bank_account_type=toza&number=7654321&name=A";
        (await _server.SendAsync(HttpMethod.Post, "/api/bank_accounts", _readOnly, body)).Status.ShouldBe(HttpStatusCode.Forbidden);

        for (var i = 0; i < FundingEndpoints.MaxBankAccountsPerUser; i++)
        {
            (await _server.SendAsync(HttpMethod.Post, "/api/bank_accounts", _full, body)).Status.ShouldBe(HttpStatusCode.OK);
        }

        (await _server.SendAsync(HttpMethod.Post, "/api/bank_accounts", _full, body)).Status.ShouldBe(HttpStatusCode.BadRequest);
    }
}
