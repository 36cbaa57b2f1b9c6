using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Participation.Workbench;

/// <summary>
/// What every request passes before it reaches a page or the API: the access token (when the server has one), the
/// host name (without a token only this machine's names, against DNS rebinding), a header no cross-site form can send
/// on every request that changes something, security headers on every response, and refusals turned into one-line
/// JSON errors with their status.
/// </summary>
internal static class Guard
{
    /// <summary>The cookie that carries the token after the page was opened with <c>?token=</c>.</summary>
    public const string Cookie = "participation_workbench";

    /// <summary>The header every POST and PUT must carry (the pages send it; a form on another site cannot).</summary>
    public const string RequestHeader = "X-Workbench";

    /// <summary>Largest JSON request (a package, a job); scenario uploads have the loader's limit instead.</summary>
    public const int MaxJsonBytes = 1 << 20;

    public static async Task Handle(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<WorkbenchOptions>();
        var response = context.Response;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["X-Frame-Options"] = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // The pages' scripts and the chart library come from the server itself; ECharts styles its tooltips inline.
        response.Headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                                                      "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        try
        {
            if (options.Token is { } token)
            {
                if (!Carries(context.Request, token))
                {
                    if (HttpMethods.IsGet(context.Request.Method) && Same(context.Request.Query["token"].ToString(), token))
                    {
                        // Trade the token in the address for a cookie, and drop it from the address bar and history.
                        response.Cookies.Append(Cookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
                        response.Redirect(context.Request.PathBase + context.Request.Path);
                        return;
                    }
                    throw new WorkbenchRefusal(401, "token: missing or wrong; open the address the server printed (it ends in ?token=...) or send the header Authorization: Bearer TOKEN");
                }
            }
            else if (!IsLocalHost(context.Request.Host.Host))
                throw new WorkbenchRefusal(400, $"Host = {Workspace.Shown(context.Request.Host.Value)}: expected localhost or 127.0.0.1 (the server listens on this machine only)");

            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                if (context.Request.Headers[RequestHeader] != "1")
                    throw new WorkbenchRefusal(403, $"{RequestHeader}: expected the header {RequestHeader}: 1 on a request that changes something (the workbench's pages send it)");
                bool upload = HttpMethods.IsPut(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/scenarios/workspace");
                long limit = upload ? Participation.Simulation.ScenarioLoader.MaxBytes : MaxJsonBytes;
                if (context.Request.ContentLength > limit)
                    throw new WorkbenchRefusal(413, $"request body: ({context.Request.ContentLength:N0} bytes): expected at most {limit:N0} bytes");
                // A JSON body sent without its length (chunked) is read here, up to the limit (an upload's reader has its own).
                if (!upload) context.Request.Body = await Buffered(context.Request.Body, limit);
            }
            await next(context);
        }
        catch (WorkbenchRefusal e) when (!response.HasStarted)
        {
            await Refuse(context, e.Status, e.Message);
        }
        catch (BadHttpRequestException e) when (!response.HasStarted)
        {
            // A body that is not the JSON expected, or too large for the server.
            await Refuse(context, e.StatusCode, $"request body: {e.Message.TrimEnd('.')}");
        }
    }

    private static async Task<Stream> Buffered(Stream body, long limit)
    {
        var copy = new MemoryStream();
        var chunk = new byte[1 << 14];
        int n;
        while ((n = await body.ReadAsync(chunk)) > 0)
        {
            if (copy.Length + n > limit) throw new WorkbenchRefusal(413, $"request body: (over {limit:N0} bytes): expected at most {limit:N0} bytes");
            copy.Write(chunk, 0, n);
        }
        copy.Position = 0;
        return copy;
    }

    /// <summary>Writes {"error": message} with <paramref name="status"/>.</summary>
    public static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = message });
    }

    private static bool Carries(HttpRequest request, string token)
    {
        string auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.Ordinal) && Same(auth["Bearer ".Length..].Trim(), token)) return true;
        return request.Cookies.TryGetValue(Cookie, out var cookie) && Same(cookie, token);
    }

    /// <summary>Compares in time independent of where the strings differ.</summary>
    private static bool Same(string? given, string token) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));

    private static bool IsLocalHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1" || host == "[::1]" || host == "::1";
}
