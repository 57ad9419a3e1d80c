package org.slidescore.scoring.anno2;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The anno2 polygon binary ({@code polygon_container/encoded_polygons.bin}): every polygon's vertices are concatenated
 * into one walk over 256-pixel tiles and stored as
 * <pre>
 * u32 tile size (256) | u32 rows | u32 columns | u32 byte length L | L bytes: u32 length of each polygon (2 × vertices)
 * u32 n | n bytes: omega codes of the tile jumps in x (signed)   (a jump starts every run of vertices in one tile)
 * u32 n | n bytes: omega codes of the tile jumps in y (signed)
 * u32 n | n bytes: omega codes of the vertices in each run (≥ 1)
 * u32 n | n bytes: x mod 256, y mod 256 of every vertex
 * </pre>
 * (all u32 little-endian; rows and columns are ⌈max y / 256⌉ and ⌈max x / 256⌉). Coordinates are whole, non-negative
 * level-0 pixels.
 */
final class PolygonBinary {
    static final int TILE = 256;

    static byte[] encode(List<int[]> polygons) {
        long maxX = 0;
        long maxY = 0;
        int vertices = 0;
        for (int[] p : polygons) {
            for (int i = 0; i < p.length; i += 2) {
                maxX = Math.max(maxX, p[i]);
                maxY = Math.max(maxY, p[i + 1]);
            }
            vertices += p.length / 2;
        }
        EliasOmega xJumps = new EliasOmega();
        EliasOmega yJumps = new EliasOmega();
        EliasOmega runs = new EliasOmega();
        byte[] remainders = new byte[vertices * 2];
        int r = 0;
        long lastTileX = 0;
        long lastTileY = 0;
        int run = 0; // vertices in the current tile run; 0 before the first vertex
        for (int[] p : polygons) {
            for (int i = 0; i < p.length; i += 2) {
                long tx = Math.floorDiv(p[i], TILE);
                long ty = Math.floorDiv(p[i + 1], TILE);
                if (run == 0 || tx != lastTileX || ty != lastTileY) {
                    if (run > 0) {
                        runs.writeNatural(run);
                    }
                    xJumps.writeInteger(tx - lastTileX);
                    yJumps.writeInteger(ty - lastTileY);
                    lastTileX = tx;
                    lastTileY = ty;
                    run = 1;
                } else {
                    run++;
                }
                remainders[r++] = (byte) Math.floorMod(p[i], TILE);
                remainders[r++] = (byte) Math.floorMod(p[i + 1], TILE);
            }
        }
        if (run > 0) {
            runs.writeNatural(run);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + polygons.size() * 4 + remainders.length * 2);
        u32(out, TILE);
        u32(out, (maxY + TILE - 1) / TILE);
        u32(out, (maxX + TILE - 1) / TILE);
        u32(out, polygons.size() * 4L);
        for (int[] p : polygons) {
            u32(out, p.length);
        }
        for (EliasOmega codes : new EliasOmega[] {xJumps, yJumps, runs}) {
            byte[] b = codes.toBytes();
            u32(out, b.length);
            out.writeBytes(b);
        }
        u32(out, remainders.length);
        out.writeBytes(remainders);
        return out.toByteArray();
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v & 0xff));
        out.write((int) ((v >>> 8) & 0xff));
        out.write((int) ((v >>> 16) & 0xff));
        out.write((int) ((v >>> 24) & 0xff));
    }

    private PolygonBinary() {
    }
}
