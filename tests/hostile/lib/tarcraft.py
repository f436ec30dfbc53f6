"""Crafts chart archives with hostile members, writing the tar headers
ourselves where the tarfile module would refuse or fix what we ask for.

    python3 tarcraft.py OUT.tgz [SPEC...]

A SPEC is TYPE:NAME[:ARG]:
  file:NAME:TEXT       a regular file (\\n in TEXT is a newline)
  zeros:NAME:BYTES     a regular file of BYTES zero bytes, streamed
  declare:NAME:BYTES   a header declaring BYTES with no data after it
  symlink:NAME:TARGET  hard:NAME:TARGET  chr:NAME  blk:NAME  fifo:NAME
  trailing-zeros:BYTES zero bytes after the end-of-archive blocks
  isize:N              the gzip trailer's length field set to N
A chart named "chart" (Chart.yaml only) comes first unless --bare.
"""
import struct
import sys
import zlib

TYPES = {"file": b"0", "zeros": b"0", "declare": b"0", "hard": b"1",
         "symlink": b"2", "chr": b"3", "blk": b"4", "fifo": b"6"}


def header(name, typ, size=0, link=""):
    h = bytearray(512)
    h[0:len(name)] = name.encode()[:100]
    h[100:108] = b"0000644\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"%011o\0" % 1700000000
    h[148:156] = b"        "
    h[156:157] = typ
    h[157:157 + len(link)] = link.encode()[:100]
    h[257:265] = b"ustar\x0000"
    if typ in (b"3", b"4"):
        h[329:337] = b"0000001\0"
        h[337:345] = b"0000003\0"
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def main(argv):
    out, specs = argv[1], argv[2:]
    bare = "--bare" in specs
    specs = [s for s in specs if s != "--bare"]
    if not bare:
        specs.insert(0, "file:chart/Chart.yaml:apiVersion: v2\\nname: chart\\nversion: 1.0.0\\n")
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    crc, total, isize = 0, 0, None
    with open(out, "wb") as f:
        def put(data):
            nonlocal crc, total
            crc = zlib.crc32(data, crc)
            total += len(data)
            f.write(comp.compress(data))

        def zeros(n):
            chunk = bytes(1 << 20)
            while n > 0:
                put(chunk[:min(n, len(chunk))])
                n -= len(chunk)

        trailing = 0
        for spec in specs:
            kind, _, rest = spec.partition(":")
            if kind == "trailing-zeros":
                trailing = int(rest)
                continue
            if kind == "isize":
                isize = int(rest)
                continue
            name, _, arg = rest.partition(":")
            if kind == "file":
                data = arg.replace("\\n", "\n").encode()
                put(header(name, b"0", len(data)))
                put(data + bytes(-len(data) % 512))
            elif kind == "zeros":
                put(header(name, b"0", int(arg)))
                zeros(int(arg) + (-int(arg) % 512))
            elif kind == "declare":
                put(header(name, b"0", int(arg)))
            elif kind in ("symlink", "hard"):
                put(header(name, TYPES[kind], 0, arg))
            else:
                put(header(name, TYPES[kind]))
        put(bytes(1024))
        zeros(trailing)
        tail = comp.flush()
        if isize is not None:
            # the deflate stream is raw here; rewrite the 8-byte trailer
            tail = tail[:-4] + struct.pack("<I", isize & 0xFFFFFFFF)
        f.write(tail)


if __name__ == "__main__":
    main(sys.argv)
