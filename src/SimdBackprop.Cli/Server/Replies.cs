using Microsoft.AspNetCore.Http;

namespace SimdBackprop.Cli.Server;

/// <summary>Writes the server's fixed-shape replies through the source-generated JSON context.</summary>
internal static class Replies
{
    /// <summary>Writes <c>{"error": message}</c> with <paramref name="status"/>, unless the response has already started.</summary>
    public static Task Error(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask; // too late for a status: the connection is cut instead
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorReply(message), ServerJsonContext.Default.ErrorReply, contentType: null, context.RequestAborted);
    }

    /// <summary>Writes the health report of <paramref name="served"/>.</summary>
    public static Task Health(HttpContext context, ServedModel served)
    {
        Predictor predictor = served.Predictor;
        string? error = served.LastReloadError;
        var reply = new HealthReply(
            error is null ? "ok" : "degraded", predictor.Version, predictor.InputSize, predictor.OutputSize, Simd.Tier.ToString(), Names.WeightsName(predictor.Precision), error);
        return context.Response.WriteAsJsonAsync(reply, ServerJsonContext.Default.HealthReply, contentType: null, context.RequestAborted);
    }
}
