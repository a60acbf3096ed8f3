using ImageMagick;
using Truce.Evidence.Blobs;

namespace Truce.Evidence.PublicCopies;

/// <summary>
/// Reads and removes the metadata of still images (ImageMagick through Magick.NET; docs/EVIDENCE.md says why): EXIF
/// (camera, time, GPS position), XMP, IPTC, Photoshop (8BIM) and ICC-adjacent profiles, and text comments. A public
/// copy of a restricted photograph is made by <see cref="Strip"/> on the client and checked by <see cref="Carried"/>
/// at admission, so the server never has to trust the client's tool.
/// </summary>
public static class Metadata
{
    /// <summary>Images larger than this many pixels are refused rather than decoded (a small file can be a huge image).</summary>
    const uint MaxPixels = 200_000_000;

    /// <summary>Which kinds of metadata an image file still carries (empty when none).</summary>
    public static IReadOnlyList<string> Carried(string path)
    {
        try
        {
            using var image = Load(path);
            return CarriedBy(image);
        }
        catch (MagickException e)
        {
            throw new Core.Entries.ValidationException("body.sha256", $"is no image that can be read: {e.Message}");
        }
    }

    static List<string> CarriedBy(MagickImage image)
    {
        var found = new List<string>();
        if (image.GetExifProfile() is { } exif)
        {
            found.Add(exif.Values.Any(v => v.Tag.ToString().StartsWith("GPS", StringComparison.Ordinal)) ? "EXIF (with GPS)" : "EXIF");
        }
        if (image.GetXmpProfile() is not null)
        {
            found.Add("XMP");
        }
        if (image.GetIptcProfile() is not null)
        {
            found.Add("IPTC");
        }
        if (image.Get8BimProfile() is not null)
        {
            found.Add("8BIM");
        }
        if (image.Comment is { Length: > 0 })
        {
            found.Add("a comment");
        }
        return found;
    }

    /// <summary>
    /// The image without its metadata, in the same format: turned upright first (a photograph's orientation lives in
    /// its EXIF), then every profile and comment removed.
    /// </summary>
    public static byte[] Strip(string path)
    {
        try
        {
            return Stripped(path);
        }
        catch (MagickException e)
        {
            throw new Core.Entries.ValidationException("file", $"is no image that can be read: {e.Message}");
        }
    }

    static byte[] Stripped(string path)
    {
        using var image = Load(path);
        image.AutoOrient();
        image.Strip();
        foreach (var name in image.ProfileNames.ToList())
        {
            image.RemoveProfile(name);
        }
        return image.ToByteArray();
    }

    static MagickImage Load(string path)
    {
        var info = new MagickImageInfo(path);
        if ((ulong)info.Width * info.Height > MaxPixels)
        {
            throw new Core.Entries.ValidationException("file", $"is {info.Width}×{info.Height} pixels; public copies are made of images up to {MaxPixels} pixels");
        }
        var type = BlobStore.SniffFile(path);
        if (type is null || !MediaTypes.StrippableImages.Contains(type))
        {
            throw new Core.Entries.ValidationException("file", "public copies are made of JPEG, PNG, TIFF and WebP images");
        }
        return new MagickImage(path);
    }
}
