
namespace Truce.Places.Tests;

public class DisplayNameTests
{
    private static readonly Gazetteer G = DataTests.Shipped;
    private static Place Shusha => G.Find("geonames:147105")!;
    private static Place Khankendi => G.Find("geonames:146970")!;

    [Fact]
    public void Each_convention_shows_its_own_name()
    {
        Assert.Equal("Shusha", G.DisplayName(Shusha, "az"));
        Assert.Equal("Shushi", G.DisplayName(Shusha, "am"));
        Assert.Equal("Khankendi", G.DisplayName(Khankendi, "az"));
        Assert.Equal("Stepanakert", G.DisplayName(Khankendi, "am"));
    }

    [Fact]
    public void A_convention_shows_its_name_in_the_language_asked_for()
    {
        Assert.Equal("Şuşa", G.DisplayName(Shusha, "az", "az"));
        Assert.Equal("Шуша", G.DisplayName(Shusha, "az", "ru"));
        Assert.Equal("Շուշի", G.DisplayName(Shusha, "am", "hy"));
        Assert.Equal("Шуши", G.DisplayName(Shusha, "am", "ru"));
        // A language the convention has no name in falls back to its English transliteration.
        Assert.Equal("Shushi", G.DisplayName(Shusha, "am", "az"));
    }

    [Fact]
    public void Neutral_shows_both_names_in_the_deployment_order_never_one_alone()
    {
        Assert.Equal("Shushi / Shusha", G.DisplayName(Shusha));
        Assert.Equal("Stepanakert / Khankendi", G.DisplayName(Khankendi, Conventions.Neutral));
        Assert.Equal("Шуши / Шуша", G.DisplayName(Shusha, "neutral", "ru"));
    }

    [Fact]
    public void A_language_alone_is_a_neutral_display_in_that_language()
    {
        Assert.Equal("Шуши / Шуша", G.DisplayName(Shusha, "ru"));
        Assert.Equal("Степанакерт / Ханкенди", G.DisplayName(Khankendi, "ru"));
    }

    [Fact]
    public void The_deployment_chooses_the_naming_order()
    {
        var g = Gazetteer.LoadDefault();
        g.NamingOrder = ["az", "am"];
        var shusha = g.Find("geonames:147105")!;
        Assert.Equal("Shusha / Shushi", g.DisplayName(shusha));
        g.NamingOrder = [];
        Assert.Equal("Shushi / Shusha", g.DisplayName(shusha));
        Assert.Throws<ArgumentException>(() => g.NamingOrder = ["az", ""]);
    }

    [Fact]
    public void Names_both_sides_share_are_shown_once()
    {
        Assert.Equal("Hadrut", G.DisplayName(G.Find("geonames:148105")!));
        Assert.Equal("Sus", G.DisplayName(G.Find("truce:sus")!));
        Assert.Equal("Аскеран", G.DisplayName(G.Find("geonames:148450")!, "ru"));
    }

    [Fact]
    public void A_place_one_convention_does_not_name_is_shown_neutrally()
    {
        var tartar = G.Find("geonames:584871")!;
        Assert.Equal("Tartar", G.DisplayName(tartar, "am"));
        var goris = G.Find("geonames:174895")!;
        Assert.Equal("Goris / Gorus", G.DisplayName(goris));
        Assert.Equal("Gorus", G.DisplayName(goris, "az"));
    }

    [Fact]
    public void A_settlement_only_GeoNames_names_shows_that_name()
    {
        var vank = G.All.Single(p => p.Names.Any(n => n.Name == "Vank"));
        Assert.Equal("Vank", G.DisplayName(vank));
        Assert.Equal("Vank", G.DisplayName(vank, "am"));
        Assert.Equal("Vank", G.DisplayName(vank, "az"));
    }

    [Fact]
    public void Uncertain_and_former_names_are_never_displayed()
    {
        var jabrayil = G.Find("geonames:148141")!;
        Assert.Equal("Jrakan / Jabrayil", G.DisplayName(jabrayil));
        Assert.Equal("Jrakan", G.DisplayName(jabrayil, "am"));
        var fuzuli = G.Find("geonames:148106")!;
        Assert.DoesNotContain("Karyagino", G.DisplayName(fuzuli));
    }
}
