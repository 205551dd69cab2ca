//! XXH64, the one content hash that must give the same value on every machine and in
//! every build: manifest fingerprints and the sample of unchanged provisions that
//! alignment reads.
//!
//! XXH64 (<https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md>) reads eight
//! bytes at a time, in four independent lanes, so it runs at memory speed where FNV-1a
//! (one multiply per byte) did not. It is written out here rather than taken from a crate
//! so that fingerprints do not depend on a dependency's version: words are read
//! little-endian and the arithmetic wraps, so every machine and build gives the same
//! value, which the tests check against the specification's published values.

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

fn read_u64(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn merge_round(acc: u64, value: u64) -> u64 {
    (acc ^ round(0, value)).wrapping_mul(P1).wrapping_add(P4)
}

/// XXH64 with seed 0.
pub fn xxh64(bytes: &[u8]) -> u64 {
    let mut rest = bytes;
    let mut hash = if bytes.len() >= 32 {
        let mut v = [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)];
        let mut stripes = rest.chunks_exact(32);
        for stripe in &mut stripes {
            for (lane, word) in v.iter_mut().zip(stripe.chunks_exact(8)) {
                *lane = round(*lane, read_u64(word));
            }
        }
        rest = stripes.remainder();
        let mut h = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for lane in v {
            h = merge_round(h, lane);
        }
        h
    } else {
        P5
    };
    hash = hash.wrapping_add(bytes.len() as u64);
    let mut words = rest.chunks_exact(8);
    for word in &mut words {
        hash ^= round(0, read_u64(word));
        hash = hash.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
    }
    rest = words.remainder();
    if rest.len() >= 4 {
        let mut word = [0u8; 4];
        word.copy_from_slice(&rest[..4]);
        hash ^= u64::from(u32::from_le_bytes(word)).wrapping_mul(P1);
        hash = hash.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
        rest = &rest[4..];
    }
    for &b in rest {
        hash ^= u64::from(b).wrapping_mul(P5);
        hash = hash.rotate_left(11).wrapping_mul(P1);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(P2);
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(P3);
    hash ^ (hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::xxh64;

    #[test]
    fn published_values() {
        // Published XXH64 values (seed 0): empty input, the short-input path, and an input
        // of more than 32 bytes with 8-, 4- and 1-byte tails.
        assert_eq!(xxh64(b""), 0xef46_db37_51d8_e999);
        assert_eq!(xxh64(b"abc"), 0x44bc_2cf5_ad77_0999);
        assert_eq!(
            xxh64(b"Nobody inspects the spammish repetition"),
            0xfbce_a83c_8a37_8bf1
        );
        // Every length up to a few stripes takes its own path through the tails.
        let bytes: Vec<u8> = (0..100u8).collect();
        let all: std::collections::BTreeSet<u64> =
            (0..=bytes.len()).map(|n| xxh64(&bytes[..n])).collect();
        assert_eq!(all.len(), bytes.len() + 1);
    }
}
