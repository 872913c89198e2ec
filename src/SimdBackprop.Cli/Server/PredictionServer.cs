using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SimdBackprop.Cli.Server;

/// <summary>
/// The HTTP server of <c>simdbp serve</c>: ASP.NET Core's Kestrel with minimal-API routes bound to plain
/// request delegates (no reflection, no MVC: trim and NativeAOT safe).
/// <list type="bullet">
/// <item><c>POST /v1/predict</c>: <see cref="PredictEndpoint"/>.</item>
/// <item><c>GET /healthz</c>: status, model version, sizes, SIMD tier, last reload error.</item>
/// <item>Any other path or method: 404 or 405 with a JSON error body.</item>
/// </list>
/// The model file is watched and reloaded by <see cref="ModelReloader"/>; SIGTERM and Ctrl+C stop the server
/// gracefully (requests in flight finish).
/// </summary>
internal static class PredictionServer
{
    /// <summary>Builds (does not start) a server for <paramref name="served"/>.</summary>
    /// <param name="options">Addresses and limits.</param>
    /// <param name="served">The predictor to answer with and the file to watch.</param>
    /// <param name="logging">Replaces the console logging (tests collect or silence it); null keeps the console.</param>
    public static WebApplication Build(ServeOptions options, ServedModel served, Action<ILoggingBuilder>? logging = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddSingleton(served);
        builder.Services.AddHostedService<ModelReloader>();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // not a line per request
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        WebApplication app = builder.Build();
        app.UseStatusCodePages(context =>
        {
            int status = context.HttpContext.Response.StatusCode;
            string message = status switch
            {
                StatusCodes.Status404NotFound => $"No route {context.HttpContext.Request.Path}: the server answers POST /v1/predict and GET /healthz.",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
                _ => $"HTTP {status}.",
            };
            return Replies.Error(context.HttpContext, status, message);
        });
        var predict = new PredictEndpoint(served, options.MaxBodyBytes);
        app.MapPost("/v1/predict", (RequestDelegate)predict.HandleAsync);
        app.MapGet("/healthz", (RequestDelegate)(context => Replies.Health(context, served)));
        return app;
    }
}
