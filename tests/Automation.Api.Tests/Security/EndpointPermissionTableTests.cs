using Automation.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Api.Tests.Security;

/// <summary>
/// Unit tests (no silo, no database) of the permission table, grant parsing and matching, and the start-up check that
/// refuses an endpoint without an entry.
/// </summary>
public sealed class EndpointPermissionTableTests
{
    [Fact]
    public void Table_EveryPermission_IsAKnownPermission()
    {
        var permissions = EndpointPermissions.Table.Values.Select(a => a.Permission).OfType<string>();

        permissions.Should().OnlyContain(p => Permissions.All.ContainsKey(p));
    }

    [Fact]
    public void Table_PublicEntries_AreOnlySigningIn()
    {
        var publicEntries = EndpointPermissions.Table.Where(e => e.Value.Anonymous).Select(e => e.Key);

        publicEntries.Should().BeEquivalentTo(["CreateToken", "RefreshToken"], "nothing but obtaining a token is open to anonymous callers");
        EndpointPermissions.Table.Values.Where(a => a.Anonymous).Should().OnlyContain(a => a.Permission == null);
    }

    [Fact]
    public void BuiltInRoles_EveryGrant_Parses()
    {
        var unparsable = BuiltInRoles.All.SelectMany(r => r.Value).Where(g => !PermissionGrant.TryParse(g, out _));

        unparsable.Should().BeEmpty();
    }

    [Fact]
    public void BuiltInRoles_NoneButAdmin_CanManageUsersOrReadTheAudit()
    {
        var holders = BuiltInRoles.All
            .Where(r => r.Value.Select(Parse).Any(g => g.CoversSome(Permissions.UsersAdmin) || g.CoversSome(Permissions.AuditRead)))
            .Select(r => r.Key);

        holders.Should().Equal(BuiltInRoles.Admin);
    }

    [Theory]
    [InlineData("*", "users:admin", true)]
    [InlineData("*", "workflows:start", true)]
    [InlineData("workflows:*", "workflows:start", true)]
    [InlineData("workflows:*", "workflows:cancel", true)]
    [InlineData("workflows:*", "definitions:read", false)]
    [InlineData("workflows:start", "workflows:start", true)]
    [InlineData("workflows:start", "workflows:read", false)]
    [InlineData("definitions:read", "definitions:write", false)]
    public void Grant_CoversAll_MatchesAreaAndAction(string grant, string permission, bool covered)
    {
        var parsed = Parse(grant);

        parsed.CoversAll(permission).Should().Be(covered);
        parsed.CoversSome(permission).Should().Be(covered);
    }

    [Theory]
    [InlineData("deploy-prod", true)]
    [InlineData("deploy-", true)]
    [InlineData("build-x", false)]
    [InlineData("xdeploy-prod", false)]
    [InlineData("Deploy-prod", false)]
    public void Grant_WithPattern_CoversOnlyMatchingResources(string resource, bool covered)
    {
        var grant = Parse("workflows:start:deploy-*");

        grant.Covers(Permissions.WorkflowsStart, resource).Should().Be(covered);
        grant.Covers(Permissions.WorkflowsRead, resource).Should().BeFalse("the pattern narrows one permission only");
        grant.CoversSome(Permissions.WorkflowsStart).Should().BeTrue("the endpoint-level check lets it through; the endpoint checks the resource");
        grant.CoversAll(Permissions.WorkflowsStart).Should().BeFalse();
    }

    [Fact]
    public void Grant_WithPattern_TreatsDotsLiterally()
    {
        var grant = Parse("workflows:read:app.v1");

        grant.Covers(Permissions.WorkflowsRead, "app.v1").Should().BeTrue();
        grant.Covers(Permissions.WorkflowsRead, "appxv1").Should().BeFalse("only '*' is a wildcard");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" *")]
    [InlineData("**")]
    [InlineData("workflows")]
    [InlineData("workflows:")]
    [InlineData(":start")]
    [InlineData("workflows:nope")]
    [InlineData("nope:*")]
    [InlineData("nope:read")]
    [InlineData("Workflows:start")]
    [InlineData("workflows:start:")]
    [InlineData("workflows:start:has space")]
    [InlineData("workflows:start:(a+)+")]
    [InlineData("workflows:start:a:b")]
    [InlineData("workflows:*:deploy-*")]
    [InlineData("*:start")]
    public void Grant_Malformed_IsRefused(string grant)
    {
        var parsed = PermissionGrant.TryParse(grant, out var result);

        parsed.Should().BeFalse();
        result.Should().BeNull();
    }

    [Fact]
    public void Grant_NullOrTooLong_IsRefused()
    {
        PermissionGrant.TryParse(null, out _).Should().BeFalse();
        PermissionGrant.TryParse("workflows:start:" + new string('a', 190), out _).Should().BeFalse("grants are at most 200 characters");
    }

    [Theory]
    [InlineData("workflows:start:deploy-*", "workflows:*", true)]
    [InlineData("workflows:start", "workflows:*", true)]
    [InlineData("workflows:start:deploy-*", "workflows:start:deploy-*", true)]
    [InlineData("workflows:start", "workflows:start:deploy-*", false)]
    [InlineData("workflows:*", "workflows:start", false)]
    [InlineData("*", "workflows:*", false)]
    [InlineData("users:admin", "definitions:*", false)]
    public void Grant_IsWithin_RefusesEscalation(string grant, string held, bool within)
    {
        var result = Parse(grant).IsWithin([Parse(held)]);

        result.Should().Be(within);
    }

    [Fact]
    public async Task StartAsync_EndpointMissingFromTable_FailsNamingTheEndpoint()
    {
        await using var app = BuildApp(group =>
        {
            group.MapGet("/known", () => "k").WithName("Known");
            group.MapGet("/forgotten", () => "f").WithName("Forgotten");
        });

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("*/t/forgotten*EndpointPermissions.Table*");
    }

    [Fact]
    public async Task StartAsync_EndpointWithoutName_FailsNamingTheEndpoint()
    {
        await using var app = BuildApp(group => group.MapGet("/anonymous-handler", () => "a"));

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*/t/anonymous-handler*");
    }

    [Fact]
    public async Task StartAsync_EveryEndpointInTable_StartsAndAppliesTheAccess()
    {
        await using var app = BuildApp(group =>
        {
            group.MapGet("/known", () => "k").WithName("Known");
            group.MapGet("/guarded", () => "g").WithName("Guarded");
        });

        await app.StartAsync();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.ToDictionary(e => e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName);
        await app.StopAsync();

        endpoints["Known"].Metadata.GetMetadata<IAllowAnonymous>().Should().NotBeNull();
        endpoints["Guarded"].Metadata.GetMetadata<IAllowAnonymous>().Should().BeNull();
        endpoints["Guarded"].Metadata.GetOrderedMetadata<AuthorizationPolicy>().SelectMany(p => p.Requirements)
            .Should().ContainEquivalentOf(new PermissionRequirement(Permissions.DefinitionsRead));
    }

    private static readonly Dictionary<string, EndpointAccess> TestTable = new(StringComparer.Ordinal)
    {
        ["Known"] = EndpointAccess.Public,
        ["Guarded"] = EndpointAccess.Requires(Permissions.DefinitionsRead),
    };

    // A bare web app with the API's start-up check and a group protected by a table of its own.
    private static WebApplication BuildApp(Action<RouteGroupBuilder> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting().AddAuthorization();
        builder.Services.AddHostedService<EndpointPermissionCheck>();
        var app = builder.Build();
        map(app.MapGroup("/t").RequireEndpointPermissions(TestTable));
        return app;
    }

    private static PermissionGrant Parse(string grant) =>
        PermissionGrant.TryParse(grant, out var parsed) ? parsed : throw new ArgumentException($"'{grant}' does not parse.", nameof(grant));
}
