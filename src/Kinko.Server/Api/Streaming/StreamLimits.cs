namespace Kinko.Server.Api.Streaming;

/// <summary>Every limit of the WebSocket feeds, with its number (docs/websocket.md lists them).</summary>
public static class StreamLimits
{
    /// <summary>Messages waiting to be sent to one connection; a client that lets more pile up is disconnected.</summary>
    public const int MaxQueuedMessagesPerConnection = 1_024;

    /// <summary>Channels one connection may subscribe to (two per market covers 32 markets).</summary>
    public const int MaxSubscriptionsPerConnection = 64;

    /// <summary>Largest message a client may send; a larger one closes the connection (1009).</summary>
    public const int MaxIncomingMessageBytes = 4_096;

    /// <summary>Open WebSocket connections (public and private together); more are answered 503.</summary>
    public const int MaxConnections = 1_000;

    /// <summary>Time a private connection has to send its login message.</summary>
    public const int LoginTimeoutSeconds = 10;

    /// <summary>Interval of the server's ping frames.</summary>
    public const int KeepAliveSeconds = 20;

    /// <summary>Time given to a closing handshake before the socket is aborted.</summary>
    public const int CloseTimeoutMilliseconds = 2_000;
}
