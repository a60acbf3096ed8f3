using System.Reflection;
using System.Runtime.CompilerServices;

namespace Truce.Core.Modules;

/// <summary>
/// One description of what a snapshot holds, run with a <see cref="SnapshotWriter"/> to save and with a
/// <see cref="SnapshotReader"/> to load: a field listed once is both written and read, in the same place, so saving and
/// loading cannot drift apart as two hand-kept mirrors could.
/// </summary>
/// <remarks>
/// <para>Every method takes the value to save and returns the value loaded (saving, it returns what it was given). A
/// record is described by building it from those calls, <c>new Victim(io.Str(v.Id), io.NInt(v.Age), …)</c>: C# evaluates
/// arguments and object initializers left to right, so the order they are listed in is the order of the bytes, and a
/// positional record's constructor or a <c>required</c> member will not compile without its field. Nullability is in
/// the method (<see cref="Str"/> or <see cref="NStr"/>, <see cref="Int"/> or <see cref="NInt"/>), so the compiler
/// refuses a description that saves a field as what it is not.</para>
/// <para>Loading, there is no object yet to take values from: the description of a list's item, a shared object or an
/// optional one is handed a blank instead (every field null or zero, no constructor run), whose fields it passes to
/// methods that ignore them when loading.</para>
/// <para>Saving builds the described objects too and drops them: a snapshot is saved once, when a deployment closes,
/// and loaded at every start, so the description is kept simple rather than the save free of garbage.</para>
/// </remarks>
public abstract class SnapshotIo
{
    public abstract bool Loading { get; }

    public abstract int Int(int v);

    public abstract long Long(long v);

    /// <summary>A double as its 8 bytes, so it comes back exactly.</summary>
    public abstract double Double(double v);

    public abstract bool Bool(bool v);

    public abstract byte Byte(byte v);

    /// <summary>A string or null; each distinct string is written once (a hundred thousand hazards repeat a few dozen
    /// parties, types and districts) and loaded as one shared copy.</summary>
    public abstract string? NStr(string? v);

    public string Str(string v) => NStr(v) ?? throw new InvalidDataException("a required string is missing");

    public int? NInt(int? v) => Bool(v.HasValue) ? Int(v.GetValueOrDefault()) : null;

    public double? NDouble(double? v) => Bool(v.HasValue) ? Double(v.GetValueOrDefault()) : null;

    public bool? NBool(bool? v) => Byte((byte)(v switch { null => 0, false => 1, true => 2 })) switch
    {
        0 => null,
        1 => false,
        2 => true,
        var b => throw new InvalidDataException($"{b} is not a nullable bool"),
    };

    /// <summary>The local clock's ticks and the offset, so the value comes back exactly (offset included).</summary>
    public DateTimeOffset Time(DateTimeOffset v) =>
        new(Long(v.Ticks), TimeSpan.FromMinutes(Int((int)(v.Offset.Ticks / TimeSpan.TicksPerMinute))));

    public DateTimeOffset? NTime(DateTimeOffset? v) => Bool(v.HasValue) ? Time(v.GetValueOrDefault()) : null;

    /// <summary>How many items follow; loading, checked against what is left to read, so a damaged count cannot ask
    /// for a huge list.</summary>
    protected abstract int Count(int n);

    /// <summary>A collection, each item described by <paramref name="each"/>, in the collection's own order.</summary>
    public List<T> List<T>(IReadOnlyCollection<T> items, Func<SnapshotIo, T, T> each)
    {
        if (!Loading)
        {
            Count(items.Count);
            foreach (var item in items)
            {
                each(this, item);
            }
            return items as List<T> ?? [.. items];
        }
        var n = Count(0);
        var list = new List<T>(n);
        for (int i = 0; i < n; i++)
        {
            list.Add(each(this, Blank<T>.Value));
        }
        return list;
    }

    public List<string> Strings(IReadOnlyCollection<string> items) => List(items, static (io, s) => io.Str(s));

    /// <summary>A value that may be absent: a flag, then the value as <paramref name="describe"/> has it.</summary>
    public T? Maybe<T>(T? value, Func<SnapshotIo, T, T> describe) where T : class
    {
        if (!Bool(value is not null))
        {
            return null;
        }
        var described = describe(this, value ?? Blank<T>.Value);
        return Loading ? described : value;
    }

    /// <summary>
    /// An object several parts of the snapshot hold (one hazard in the books of several audience classes), described
    /// once: saved in full the first time and as a reference after that, and loaded as one object for every holder.
    /// </summary>
    public abstract T Shared<T>(T item, Func<SnapshotIo, T, T> describe) where T : class;

    /// <summary>A value with a codec of its own over the BCL's binary writer and reader (geometries: a library that
    /// knows nothing of this class writes them).</summary>
    public abstract T Binary<T>(T value, Action<BinaryWriter, T> write, Func<BinaryReader, T> read);

    /// <summary>What a description is handed when loading (see the remarks above).</summary>
    protected static class Blank<T>
    {
        public static readonly T Value = (T)Make(typeof(T))!;
    }

    /// <summary>An object with no constructor run; a struct (a tuple, a key and value) with blanks in it, so that a
    /// description may take an item's parts apart before it hands them on.</summary>
    static object? Make(Type type)
    {
        // Strings, arrays and abstract types cannot be made uninitialized; descriptions only pass such values on.
        if (type == typeof(string) || type.IsAbstract || type.IsArray || Nullable.GetUnderlyingType(type) is not null)
        {
            return null;
        }
        if (!type.IsValueType)
        {
            return RuntimeHelpers.GetUninitializedObject(type);
        }
        var blank = Activator.CreateInstance(type)!;
        foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Where(f => !f.FieldType.IsValueType))
        {
            f.SetValue(blank, Make(f.FieldType));
        }
        return blank;
    }
}
