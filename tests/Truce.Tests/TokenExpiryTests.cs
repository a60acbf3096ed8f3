using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>Tokens expire: the same deployment opened with a clock two days on refuses a one-day token.</summary>
public class TokenExpiryTests
{
    sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    [Fact]
    public async Task A_token_is_refused_once_its_lifetime_has_passed()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("truce-expiry").FullName, "data");
        string token;
        await using (var d = await Deployment.InitAsync(dir, "test.invalid/expiry", "expiry test", synthetic: true))
        {
            token = d.Ledger.IssueToken("mission-admin", TimeSpan.FromDays(1));
            Assert.Equal("mission-admin", d.Ledger.Authenticate(token).Member);
        }
        await using (var later = Deployment.Open(dir, new Shifted(TimeSpan.FromDays(2))))
        {
            var e = Assert.Throws<RefusedException>(() => later.Ledger.Authenticate(token));
            Assert.Equal(RefusalKind.Unauthenticated, e.Kind);
            Assert.Contains("expired", e.Message);
        }
        Directory.Delete(Path.GetDirectoryName(dir)!, true);
    }
}
