using Kinko.Primitives;
using Kinko.Server.Api;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Accounts;

/// <summary>Turns a refused request (bad input, broken rule) into the JSON error every Kinko endpoint answers with.</summary>
public static class RefusalFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (AccountException e)
        {
            return e.ToResult();
        }
        catch (KinkoException e)
        {
            return ApiJson.Error(e.Message);
        }
    }
}
