namespace Kinko.Server.Api.Streaming;

/// <summary>The channels of the private WebSocket.</summary>
public static class PrivateChannels
{
    public const string Orders = "order-events";
    public const string Executions = "execution-events";
    public const string Balance = "balance";

    public static IReadOnlyList<string> All { get; } = [Orders, Executions, Balance];
}
