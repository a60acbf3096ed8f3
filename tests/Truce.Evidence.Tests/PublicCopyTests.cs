using System.Diagnostics;
using System.Text.Json;
using ImageMagick;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Evidence.Blobs;
using Truce.Evidence.PublicCopies;

namespace Truce.Evidence.Tests;

/// <summary>
/// Public copies of photographs carry no location or camera metadata, checked by reading them back with Debian's
/// exiftool (an independent implementation; scripts/test installs libimage-exiftool-perl). The originals are written
/// by exiftool too, with GPS, camera, XMP and IPTC tags.
/// </summary>
public sealed class PublicCopyTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("truce-copies").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string Exiftool(params string[] args)
    {
        var psi = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"exiftool {string.Join(' ', args)}: {error}");
        return output;
    }

    /// <summary>A small photograph in <paramref name="format"/> with GPS, camera, XMP and IPTC tags written by exiftool.</summary>
    string Original(MagickFormat format, string extension)
    {
        var path = Path.Combine(_dir, "original." + extension);
        using (var image = new MagickImage(MagickColors.SaddleBrown, 64, 48))
        {
            image.Format = format;
            image.Write(path);
        }
        var tags = new List<string> { "-overwrite_original", "-GPSLatitude=39.7437", "-GPSLatitudeRef=N", "-GPSLongitude=46.7528", "-GPSLongitudeRef=E",
            "-Make=SyntheticCam", "-Model=Field unit 7", "-XMP-dc:Creator=Patrol 7 (synthetic)" };
        if (format is MagickFormat.Jpeg or MagickFormat.Tiff)
        {
            tags.Add("-IPTC:City=Shusha");
        }
        Exiftool([.. tags, path]);
        return path;
    }

    static JsonElement Read(string path) => JsonDocument.Parse(Exiftool("-j", "-G1", "-a", path)).RootElement[0];

    static IEnumerable<string> Tags(JsonElement tags) => tags.EnumerateObject().Select(p => p.Name);

    [Theory]
    [InlineData(MagickFormat.Jpeg, "jpg")]
    [InlineData(MagickFormat.Png, "png")]
    [InlineData(MagickFormat.Tiff, "tif")]
    [InlineData(MagickFormat.WebP, "webp")]
    public void A_public_copy_has_no_gps_camera_xmp_or_iptc_as_exiftool_reads_it(MagickFormat format, string extension)
    {
        var original = Original(format, extension);
        var before = Read(original);
        Assert.Contains(Tags(before), t => t.Contains("GPSLatitude", StringComparison.Ordinal));
        Assert.NotEmpty(Metadata.Carried(original));

        var copy = Path.Combine(_dir, "copy." + extension);
        File.WriteAllBytes(copy, Metadata.Strip(original));
        var after = Tags(Read(copy)).ToList();
        Assert.DoesNotContain(after, t => t.Contains("GPS", StringComparison.Ordinal));
        Assert.DoesNotContain(after, t => t.StartsWith("XMP", StringComparison.Ordinal) || t.StartsWith("IPTC", StringComparison.Ordinal));
        Assert.DoesNotContain(after, t => t.EndsWith(":Make", StringComparison.Ordinal) || t.EndsWith(":Model", StringComparison.Ordinal));
        Assert.Empty(Metadata.Carried(copy));
        Assert.Equal(BlobStore.SniffFile(original), BlobStore.SniffFile(copy));
        using var image = new MagickImage(copy);
        Assert.Equal((64u, 48u), (image.Width, image.Height));
    }

    [Fact]
    public void Admission_takes_a_stripped_copy_of_a_restricted_original_and_refuses_one_with_metadata()
    {
        using var log = new EvidenceLog();
        var original = log.Store.Write(File.ReadAllBytes(Original(MagickFormat.Jpeg, "jpg")));
        log.Add(EvidenceKinds.Add, "az", Samples.AddBody(original.Sha256, original.Type, original.Size), visibility: Visibility.Restricted, to: ["pk"]);

        var unstripped = log.Store.Write(File.ReadAllBytes(Original(MagickFormat.Jpeg, "jpg")).Concat(new byte[] { 0 }).ToArray());
        var e = Assert.Throws<ValidationException>(() => log.Add(EvidenceKinds.Add, "az", Samples.AddBody(unstripped.Sha256, unstripped.Type, unstripped.Size, original.Sha256)));
        Assert.Equal("body.sha256", e.Field);
        Assert.Contains("EXIF (with GPS)", e.Message, StringComparison.Ordinal);

        var path = Path.Combine(_dir, "copy.jpg");
        File.WriteAllBytes(path, Metadata.Strip(log.Store.PathOf(original.Sha256)));
        var copy = log.Store.Write(File.ReadAllBytes(path));
        var notPublic = Assert.Throws<ValidationException>(() => log.Add(EvidenceKinds.Add, "az", Samples.AddBody(copy.Sha256, copy.Type, copy.Size, original.Sha256), visibility: Visibility.Party));
        Assert.Equal("envelope.vis", notPublic.Field);
        log.Add(EvidenceKinds.Add, "az", Samples.AddBody(copy.Sha256, copy.Type, copy.Size, original.Sha256));
        Assert.Equal([copy.Sha256], log.Book.CopiesOf[original.Sha256]);
        var publicBook = log.For(Reader.Anonymous);
        Assert.Equal(original.Sha256, Assert.Single(publicBook.InOrder).PublicCopyOf);
    }

    [Fact]
    public void A_file_that_is_no_readable_image_is_refused_as_a_public_copy_not_an_error()
    {
        using var log = new EvidenceLog();
        var original = log.Store.Write(File.ReadAllBytes(Original(MagickFormat.Png, "png")));
        log.Add(EvidenceKinds.Add, "az", Samples.AddBody(original.Sha256, original.Type, original.Size));
        var junk = log.Store.Write(Samples.Jpeg());
        var e = Assert.Throws<ValidationException>(() => log.Add(EvidenceKinds.Add, "az", Samples.AddBody(junk.Sha256, junk.Type, junk.Size, original.Sha256)));
        Assert.Equal("body.sha256", e.Field);
    }
}
