using System.Net;
using System.Text.Json;
using Kinko.Server.Api.Auth;

namespace Kinko.Server.Api.Streaming;

/// <summary>A public client: <c>subscribe</c> and <c>unsubscribe</c> to market channels; anything else gets a JSON error.</summary>
internal sealed class PublicSession(StreamConnection connection, MarketStreams markets)
{
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);

    public async Task RunAsync()
    {
        try
        {
            while (await connection.ReceiveAsync(connection.Stopping).ConfigureAwait(false) is { } message)
            {
                Handle(message);
            }
        }
        finally
        {
            markets.Leave(connection);
        }
    }

    private void Handle(IncomingMessage message)
    {
        if (message.Error is { } error)
        {
            connection.TryEnqueue(StreamMessages.Error(error));
            return;
        }

        var type = message.Text("type");
        var channel = message.Text("channel");
        if (type is not ("subscribe" or "unsubscribe"))
        {
            connection.TryEnqueue(StreamMessages.Error($"unknown type '{type}' (subscribe or unsubscribe)"));
        }
        else if (channel is null)
        {
            connection.TryEnqueue(StreamMessages.Error("channel is required (e.g. btc_jpy-trades)"));
        }
        else if (type == "unsubscribe")
        {
            markets.Unsubscribe(connection, channel);
            _channels.Remove(channel);
        }
        else if (!_channels.Contains(channel) && _channels.Count >= StreamLimits.MaxSubscriptionsPerConnection)
        {
            connection.TryEnqueue(StreamMessages.Error($"at most {StreamLimits.MaxSubscriptionsPerConnection} subscriptions per connection", channel));
        }
        else if (markets.Subscribe(connection, channel) is { } refused)
        {
            connection.TryEnqueue(StreamMessages.Error(refused, channel));
        }
        else
        {
            _channels.Add(channel);
        }
    }
}

/// <summary>
/// A private client: first a login signed like a REST request (HMAC-SHA256 over nonce + this
/// WebSocket's URL, empty body; the key needs <c>read</c>), then subscriptions to its own channels.
/// </summary>
internal sealed class PrivateSession(StreamConnection connection, AccountStreams accounts, ApiKeys keys, string signedUrl, IPAddress? remoteAddress)
{
    public async Task RunAsync()
    {
        var caller = await LoginAsync().ConfigureAwait(false);
        if (caller is null)
        {
            return;
        }

        var subscriber = accounts.Join(connection, caller.UserId);
        try
        {
            while (await connection.ReceiveAsync(connection.Stopping).ConfigureAwait(false) is { } message)
            {
                Handle(subscriber, message);
            }
        }
        finally
        {
            accounts.Leave(subscriber);
        }
    }

    private async Task<ApiCaller?> LoginAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.Stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(StreamLimits.LoginTimeoutSeconds));
        var message = await connection.ReceiveAsync(timeout.Token).ConfigureAwait(false);
        if (message is null)
        {
            return null;
        }

        if (message.Text("type") != "login")
        {
            return Refuse("the first message must be {\"type\":\"login\",\"access_key\",\"access_nonce\",\"access_signature\"}");
        }

        var result = await keys.AuthenticateAsync(
            new ApiCredentials(message.Text("access_key"), message.Text("access_nonce"), message.Text("access_signature")), signedUrl, "", remoteAddress, "read").ConfigureAwait(false);
        if (result.Caller is null)
        {
            return Refuse(result.Error!);
        }

        connection.TryEnqueue(StreamMessages.Answer("login", true));
        return result.Caller;
    }

    private ApiCaller? Refuse(string error)
    {
        connection.TryEnqueue(StreamMessages.Answer("login", false, error));
        connection.Finish("login refused: " + error);
        return null;
    }

    private void Handle(AccountStreams.Subscriber subscriber, IncomingMessage message)
    {
        if (message.Error is { } error)
        {
            connection.TryEnqueue(StreamMessages.Error(error));
            return;
        }

        if (message.Text("type") != "subscribe")
        {
            connection.TryEnqueue(StreamMessages.Error($"unknown type '{message.Text("type")}' (subscribe)"));
            return;
        }

        var asked = Channels(message.Json!.Value);
        var unknown = asked.FirstOrDefault(c => !PrivateChannels.All.Contains(c));
        if (asked.Count == 0 || unknown is not null)
        {
            connection.TryEnqueue(StreamMessages.Error($"unknown channel '{unknown}' (channels: {string.Join(", ", PrivateChannels.All)})", unknown));
            return;
        }

        lock (subscriber.Channels)
        {
            subscriber.Channels.UnionWith(asked);
        }

        connection.TryEnqueue(StreamMessages.Answer("subscribe", true, channels: asked));
        if (asked.Contains(PrivateChannels.Balance))
        {
            accounts.QueueBalance(subscriber);
        }
    }

    /// <summary>The channels of a subscribe message: <c>"channels": [...]</c> or <c>"channel": "..."</c>.</summary>
    private static List<string> Channels(JsonElement json)
    {
        var channels = new List<string>();
        if (json.TryGetProperty("channels", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            channels.AddRange(list.EnumerateArray().Take(StreamLimits.MaxSubscriptionsPerConnection + 1).Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.ToString()));
        }
        else if (json.TryGetProperty("channel", out var one) && one.ValueKind == JsonValueKind.String)
        {
            channels.Add(one.GetString()!);
        }

        return channels;
    }
}
