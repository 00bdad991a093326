using System.Net;
using System.Text.Json;
using Kinko.Server.Api.Auth;

namespace Kinko.Integration.Tests.BadInput;

/// <summary>
/// Bad input, by coverage: from the table of endpoints and their fields (<see cref="Endpoints"/>),
/// every malformed value of every field (<see cref="BadValues"/>) is sent in an otherwise valid
/// request. Each must get a JSON <c>success:false</c> 4xx, never a 5xx, and the store must hash the
/// same before and after.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const long User = 61;
    private const long Other = 62;
    private ApiServer _server = null!;
    private (string Key, string Secret) _key;
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _server = await ApiServer.StartAsync("kinko-bad-input");
        _server.Fund(User, "JPY", 10_000_000_0000L);
        _server.Fund(User, "BTC", 1_0000_0000L);
        _server.Fund(Other, "BTC", 1_0000_0000L);
        _key = _server.Get<ApiKeys>().Create(User, ["read", "trade", "withdraw"]);
        var other = _server.Get<ApiKeys>().Create(Other, ["trade"]);
        (await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", other, "amount=0.5&order_type=sell&pair=btc_jpy&rate=5000000")).Status.ShouldBe(HttpStatusCode.OK);
        var (_, order) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", _key, "amount=0.01&order_type=buy&pair=btc_jpy&rate=4900000");
        _ids["{order}"] = order.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (_, second) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", _key, "amount=0.01&order_type=buy&pair=btc_jpy&rate=4900000");
        _ids["{order2}"] = second.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (_, bank) = await _server.SendAsync(HttpMethod.Post, "/api/bank_accounts", _key,
            "bank_name=MUFG&branch_name=Shibuya&bank_account_type=futsu&number=1234567&name=YAMADA");
        _ids["{bank}"] = bank.GetProperty("data").GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_malformed_field_of_every_endpoint_gets_a_json_4xx_and_changes_nothing()
    {
        var failures = new List<string>();
        var cases = 0;
        foreach (var endpoint in Endpoints.All)
        {
            foreach (var field in endpoint.Fields)
            {
                foreach (var (label, value) in BadValues.For(field))
                {
                    cases++;
                    var before = StoreHash.Of(_server.DataFolder);
                    var values = new Dictionary<string, string?>(endpoint.Valid.ToDictionary(p => p.Key, p => (string?)Resolve(p.Value))) { [field.Name] = value };
                    var (status, body) = await SendAsync(endpoint, values);
                    var problem = (endpoint.In == FieldsIn.JsonBatch ? JudgeBatch(status, body) : Judge(status, body))
                        ?? (StoreHash.Of(_server.DataFolder) == before ? null : "the store changed");
                    if (problem is not null)
                    {
                        failures.Add($"{endpoint.Name}: {field.Name} = {label}: {problem} ({(int)status} {body})");
                    }
                }
            }
        }

        failures.ShouldBeEmpty($"{failures.Count} of {cases} cases");
        cases.ShouldBeGreaterThan(250);
    }

    [Fact]
    public async Task The_valid_request_of_every_endpoint_succeeds_so_that_each_refusal_above_is_the_fields_doing()
    {
        foreach (var endpoint in Endpoints.All)
        {
            var (status, body) = await SendAsync(endpoint, endpoint.Valid.ToDictionary(p => p.Key, p => (string?)Resolve(p.Value)));
            ((int)status).ShouldBeLessThan(300, $"{endpoint.Name}: {body}");
            if (endpoint.In is FieldsIn.JsonBatch or FieldsIn.JsonIdList)
            {
                // A batch answers 200 even when its items are refused: each must have succeeded.
                body.GetProperty("orders").EnumerateArray().ShouldAllBe(o => o.GetProperty("success").GetBoolean(), $"{endpoint.Name}: {body}");
            }
        }
    }

    [Theory]
    [InlineData("application/xml", "<order pair=\"btc_jpy\"/>")]
    [InlineData("text/plain", "buy 1 btc")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"pair\"\r\n\r\nbtc_jpy\r\n--x--")]
    [InlineData("application/json", "{\"pair\":\"btc_jpy\",")]
    [InlineData("application/json", "[\"btc_jpy\"]")]
    [InlineData("application/x-www-form-urlencoded", "%%%=&&&")]
    public async Task A_body_of_the_wrong_type_or_broken_gets_a_json_400_and_changes_nothing(string contentType, string content)
    {
        var before = StoreHash.Of(_server.DataFolder);

        var (status, body) = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", _key, content, contentType: contentType);

        Judge(status, body).ShouldBeNull();
        StoreHash.Of(_server.DataFolder).ShouldBe(before);
    }

    [Fact]
    public async Task An_oversize_body_gets_a_json_413_signed_or_not_and_changes_nothing()
    {
        var before = StoreHash.Of(_server.DataFolder);
        var huge = "pair=btc_jpy&order_type=buy&rate=4900000&amount=0.01&pad=" + new string('x', 64 * 1024);

        var signed = await _server.SendAsync(HttpMethod.Post, "/api/exchange/orders", _key, huge);
        var signUp = await _server.SendUnsignedAsync(HttpMethod.Post, "/api/users", "{\"email\":\"" + new string('x', 64 * 1024) + "\"}");

        signed.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, signed.Body.ToString());
        signUp.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, signUp.Body.ToString());
        Judge(signed.Status, signed.Body).ShouldBeNull();
        StoreHash.Of(_server.DataFolder).ShouldBe(before);
    }

    [Theory]
    [InlineData("ACCESS-SIGNATURE", "0000")]
    [InlineData("ACCESS-SIGNATURE", "")]
    [InlineData("ACCESS-NONCE", "abc")]
    [InlineData("ACCESS-NONCE", "-5")]
    [InlineData("ACCESS-NONCE", "99999999999999999999")]
    [InlineData("ACCESS-KEY", "no-such-key")]
    public async Task A_broken_signature_header_gets_a_json_401_and_changes_nothing(string header, string value)
    {
        var before = StoreHash.Of(_server.DataFolder);
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url + "/api/exchange/orders")
        {
            Content = new StringContent("amount=0.01&order_type=buy&pair=btc_jpy&rate=4900000", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        var headers = new Dictionary<string, string> { ["ACCESS-KEY"] = _key.Key, ["ACCESS-NONCE"] = "1800000000000", ["ACCESS-SIGNATURE"] = new string('a', 64) };
        headers[header] = value;
        foreach (var (name, text) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, text);
        }

        using var response = await _server.Http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        body.RootElement.GetProperty("error").GetString().ShouldBe(ApiKeys.InvalidAuthentication);
        StoreHash.Of(_server.DataFolder).ShouldBe(before);
    }

    /// <summary>Why an answer is not a proper refusal, or null when it is one.</summary>
    private static string? Judge(HttpStatusCode status, JsonElement body)
    {
        if ((int)status is < 400 or >= 500)
        {
            return $"status {(int)status}, not 4xx";
        }

        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False
            && body.TryGetProperty("error", out var error) && error.GetString() is { Length: > 0 }
            ? null
            : "not a JSON {success:false, error}";
    }

    /// <summary>A batch of one malformed order: refused whole, or answered 200 with the order refused.</summary>
    private static string? JudgeBatch(HttpStatusCode status, JsonElement body) =>
        status != HttpStatusCode.OK ? Judge(status, body)
        : body.TryGetProperty("orders", out var orders) && orders.EnumerateArray().All(o => Judge(HttpStatusCode.BadRequest, o) is null) ? null
        : "a 200 whose order is not refused";

    private string Resolve(string value) => _ids.GetValueOrDefault(value, value);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(EndpointUnderTest endpoint, Dictionary<string, string?> values)
    {
        var path = endpoint.Path;
        string? body = null;
        var present = values.Where(v => v.Value is not null).ToList();
        switch (endpoint.In)
        {
            case FieldsIn.Path:
                path = present.Aggregate(path, (p, v) => p.Replace("{" + v.Key + "}", Uri.EscapeDataString(v.Value!), StringComparison.Ordinal));
                break;
            case FieldsIn.Query:
                path += present.Count == 0 ? "" : "?" + string.Join('&', present.Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
                break;
            case FieldsIn.Form:
                body = string.Join('&', present.Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
                break;
            case FieldsIn.Json:
                body = JsonBody(present);
                break;
            case FieldsIn.JsonBatch:
                body = $"{{\"orders\":[{JsonBody(present)}]}}";
                break;
            case FieldsIn.JsonIdList:
                var validId = Resolve(endpoint.Valid["id"]);
                var ids = present.Select(v => v.Value!).Where(id => id != validId).Prepend(validId);
                body = "{\"ids\":[" + string.Join(',', ids.Select(id => JsonSerializer.Serialize(id))) + "]}";
                break;
        }

        var method = new HttpMethod(endpoint.Method);
        return endpoint.Signed
            ? await _server.SendAsync(method, path, _key, body, json: endpoint.In is FieldsIn.Json or FieldsIn.JsonBatch or FieldsIn.JsonIdList)
            : await _server.SendUnsignedAsync(method, path, body);
    }

    /// <summary>A JSON object; a value that is itself JSON of another type (array, object, boolean) goes in as that type.</summary>
    private static string JsonBody(IEnumerable<KeyValuePair<string, string?>> values) =>
        "{" + string.Join(',', values.Select(v => $"{JsonSerializer.Serialize(v.Key)}:{(IsJsonOfAnotherType(v.Value!) ? v.Value : JsonSerializer.Serialize(v.Value))}")) + "}";

    private static bool IsJsonOfAnotherType(string value) => value is "true" or "false" || value.StartsWith('[') || value.StartsWith('{');
}
