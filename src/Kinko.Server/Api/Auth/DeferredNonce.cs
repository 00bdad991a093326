using Kinko.Ledger;
using Microsoft.AspNetCore.Http;

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

    /// <summary>
    /// The hook on the response's start: no answer leaves before the nonce is durable, except one that
    /// says the request failed (5xx: the usual JSON error after the nonce itself could not be written,
    /// when the request changed nothing). Otherwise a failed write aborts the answer.
    /// </summary>
    public async Task BeforeAnswerAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            await EnsureWrittenAsync().ConfigureAwait(false);
        }
        catch (Exception) when (response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            // The answer already reports the failure.
        }
    }
}
