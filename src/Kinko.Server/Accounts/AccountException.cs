using Kinko.Server.Api;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Accounts;

/// <summary>
/// A refused account or admin request: the field at fault, why, and the HTTP status to answer with.
/// Answered as <c>{"success":false,"error":"&lt;field&gt;: &lt;reason&gt;"}</c>.
/// </summary>
public sealed class AccountException : Exception
{
    public AccountException(string field, string reason, int status = StatusCodes.Status400BadRequest)
        : base($"{field}: {reason}")
    {
        Field = field;
        Reason = reason;
        Status = status;
    }

    public string Field { get; }

    public string Reason { get; }

    public int Status { get; }

    public IResult ToResult() => ApiJson.Error(Message, Status);
}
