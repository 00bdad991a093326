using Kinko.Ledger;

namespace Kinko.Server.Api.Auth;

/// <summary>
/// A request's nonce, claimed in memory and not yet durable, on a route that writes it with its
/// trading command (<see cref="ApiPermissionRoutes.NonceWrittenWithCommand"/>). The handler passes
/// <see cref="Value"/> with its command and calls <see cref="WrittenWithCommand"/> once the command's
/// commit is durable; otherwise (bad input, or the command failed) <see cref="EnsureWrittenAsync"/>
/// writes it through the nonce recorder before the answer leaves. Used by one request at a time.
/// </summary>
public sealed class DeferredNonce(ApiNonce value, NonceRecorder recorder)
{
    private Task? _written;

    public ApiNonce Value { get; } = value;

    /// <summary>The commit of the command that carried the nonce is durable, and the nonce with it.</summary>
    public void WrittenWithCommand() => _written ??= Task.CompletedTask;

    /// <summary>Completes once the nonce is durable, writing it on its own if no command's commit did.</summary>
    public Task EnsureWrittenAsync() => _written ??= recorder.WriteAsync(Value);
}
