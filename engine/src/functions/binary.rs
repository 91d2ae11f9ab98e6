//! Trino's binary functions: hashes (`md5`, `sha1`, `sha256`, `sha512`, `xxhash64`,
//! `crc32`, `murmur3`), keyed hashes (`hmac_md5`, `hmac_sha1`, `hmac_sha256`,
//! `hmac_sha512`), hex, base32 and base64 codecs, big-endian and IEEE 754 integer/float
//! encodings, and the `varchar`/`varbinary` conversions
//! `to_utf8`/`from_utf8`.
//!
//! `varbinary` is Arrow `Binary`; results are `Binary`, hex and base64 text is `Utf8`.

use std::sync::Arc;

use arrow::array::{
    Array, AsArray, BinaryBuilder, Float32Builder, Float64Builder, Int32Builder, Int64Builder,
    StringBuilder,
};
use arrow::datatypes::{DataType, Float32Type};
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use datafusion::common::types::{NativeType, logical_float32};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{Coercion, ColumnarValue, ScalarUDF, TypeSignatureClass};
use hmac::{Hmac, KeyInit, Mac};
use md5::Digest;

use super::args::{Batch, Bytes, Returns, binary, float64, function, int64, string};
use super::error::invalid_argument;

/// The binary functions, for registration in a session.
pub fn binary_functions() -> Vec<ScalarUDF> {
    let bytes_to = |name, returns, body| function(name, vec![vec![binary()]], returns, body);
    let text_to = |name, returns, body| function(name, vec![vec![string()]], returns, body);
    let varbinary = || Returns::Type(DataType::Binary);
    let varchar = || Returns::Type(DataType::Utf8);
    vec![
        bytes_to("md5", varbinary(), |b| {
            hash(b, |v| md5::Md5::digest(v).to_vec())
        }),
        bytes_to("sha1", varbinary(), |b| {
            hash(b, |v| sha1::Sha1::digest(v).to_vec())
        }),
        bytes_to("sha256", varbinary(), |b| {
            hash(b, |v| sha2::Sha256::digest(v).to_vec())
        }),
        bytes_to("sha512", varbinary(), |b| {
            hash(b, |v| sha2::Sha512::digest(v).to_vec())
        }),
        bytes_to("xxhash64", varbinary(), |b| {
            hash(b, |v| {
                xxhash_rust::xxh64::xxh64(v, 0).to_be_bytes().to_vec()
            })
        }),
        bytes_to("murmur3", varbinary(), |b| hash(b, murmur3_x64_128)),
        keyed("hmac_md5", |b| keyed_hash(b, mac::<Hmac<md5::Md5>>)),
        keyed("hmac_sha1", |b| keyed_hash(b, mac::<Hmac<sha1::Sha1>>)),
        keyed("hmac_sha256", |b| keyed_hash(b, mac::<Hmac<sha2::Sha256>>)),
        keyed("hmac_sha512", |b| keyed_hash(b, mac::<Hmac<sha2::Sha512>>)),
        bytes_to("crc32", Returns::Type(DataType::Int64), crc32),
        bytes_to("to_hex", varchar(), to_hex),
        text_to("from_hex", varbinary(), from_hex),
        bytes_to("to_base64", varchar(), |b| to_base64(b, &STANDARD)),
        bytes_to("to_base64url", varchar(), |b| to_base64(b, &URL_SAFE)),
        function(
            "from_base64",
            vec![vec![string()], vec![binary()]],
            varbinary(),
            |b| from_base64(b, &STANDARD),
        ),
        function(
            "from_base64url",
            vec![vec![string()], vec![binary()]],
            varbinary(),
            |b| from_base64(b, &URL_SAFE),
        ),
        bytes_to("to_base32", varchar(), to_base32),
        function(
            "from_base32",
            vec![vec![string()], vec![binary()]],
            varbinary(),
            from_base32,
        ),
        function("to_big_endian_64", vec![vec![int64()]], varbinary(), |b| {
            let values = b.ints(0)?;
            encode_fixed(b, |i| values.get(i).map(i64::to_be_bytes))
        }),
        function("to_big_endian_32", vec![vec![int32()]], varbinary(), |b| {
            let values = b.ints(0)?;
            encode_fixed(b, |i| values.get(i).map(|v| (v as i32).to_be_bytes()))
        }),
        function("to_ieee754_64", vec![vec![float64()]], varbinary(), |b| {
            let values = b.doubles(0)?;
            encode_fixed(b, |i| values.get(i).map(f64::to_be_bytes))
        }),
        function("to_ieee754_32", vec![vec![float32()]], varbinary(), |b| {
            let values = b.args[0].to_array(b.rows)?;
            let values = values
                .as_primitive_opt::<Float32Type>()
                .ok_or_else(|| DataFusionError::Internal("expected real argument".into()))?;
            encode_fixed(b, |i| {
                values
                    .is_valid(i)
                    .then(|| values.value(i).to_bits().to_be_bytes())
            })
        }),
        bytes_to("from_big_endian_64", Returns::Type(DataType::Int64), |b| {
            let mut out = Int64Builder::with_capacity(b.rows);
            decode_fixed::<8>(b, integer_length, |v| {
                out.append_option(v.map(i64::from_be_bytes))
            })?;
            b.finish(Arc::new(out.finish()))
        }),
        bytes_to("from_big_endian_32", Returns::Type(DataType::Int32), |b| {
            let mut out = Int32Builder::with_capacity(b.rows);
            decode_fixed::<4>(b, integer_length, |v| {
                out.append_option(v.map(i32::from_be_bytes))
            })?;
            b.finish(Arc::new(out.finish()))
        }),
        bytes_to("from_ieee754_64", Returns::Type(DataType::Float64), |b| {
            let mut out = Float64Builder::with_capacity(b.rows);
            decode_fixed::<8>(b, float_length, |v| {
                out.append_option(v.map(f64::from_be_bytes))
            })?;
            b.finish(Arc::new(out.finish()))
        }),
        bytes_to("from_ieee754_32", Returns::Type(DataType::Float32), |b| {
            let mut out = Float32Builder::with_capacity(b.rows);
            decode_fixed::<4>(b, float_length, |v| {
                out.append_option(v.map(f32::from_be_bytes))
            })?;
            b.finish(Arc::new(out.finish()))
        }),
        text_to("to_utf8", varbinary(), |b| hash(b, |v| v.to_vec())),
        function(
            "from_utf8",
            vec![vec![binary()], vec![binary(), string()]],
            varchar(),
            from_utf8,
        ),
    ]
}

/// `integer` arguments, read as `Int64`.
fn int32() -> Coercion {
    int64()
}

/// `real` arguments: any number, cast to `Float32`.
fn float32() -> Coercion {
    Coercion::new_implicit(
        TypeSignatureClass::Native(logical_float32()),
        vec![TypeSignatureClass::Numeric],
        NativeType::Float32,
    )
}

/// A keyed hash `name(varbinary, key varbinary) -> varbinary`.
fn keyed(name: &'static str, body: super::args::Body) -> ScalarUDF {
    function(
        name,
        vec![vec![binary(), binary()]],
        Returns::Type(DataType::Binary),
        body,
    )
}

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
/// RFC 4648 base64, padded on output, padding optional on input (as Java's decoder).
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
/// RFC 4648 URL-safe base64, padded on output, padding optional on input.
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Applies a hash (or any bytes → bytes function) to every value of argument 0.
fn hash(batch: &Batch, f: impl Fn(&[u8]) -> Vec<u8>) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let mut out = BinaryBuilder::with_capacity(batch.rows, batch.rows * 32);
    for i in 0..batch.rows {
        match input.get(i) {
            Some(v) => out.append_value(f(v)),
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// The HMAC of `data` under `key` with the MAC `M`.
fn mac<M: Mac + KeyInit>(data: &[u8], key: &[u8]) -> Result<Vec<u8>> {
    let mut mac = <M as KeyInit>::new_from_slice(key)
        .map_err(|e| invalid_argument(format!("invalid HMAC key: {e}")))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Applies a keyed hash to argument 0 (the data) with argument 1 (the key).
fn keyed_hash(batch: &Batch, f: impl Fn(&[u8], &[u8]) -> Result<Vec<u8>>) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let keys = batch.bytes(1)?;
    let mut out = BinaryBuilder::with_capacity(batch.rows, batch.rows * 32);
    for i in 0..batch.rows {
        match (input.get(i), keys.get(i)) {
            (Some(v), Some(key)) => out.append_value(f(v, key)?),
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn crc32(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let mut out = Int64Builder::with_capacity(batch.rows);
    for i in 0..batch.rows {
        out.append_option(input.get(i).map(|v| i64::from(crc32fast::hash(v))));
    }
    batch.finish(Arc::new(out.finish()))
}

/// MurmurHash3 x64 128-bit with seed 0; `h1` then `h2`, each little-endian (as Trino's
/// `murmur3`). Written here: no crate in the dependency tree provides it.
pub fn murmur3_x64_128(data: &[u8]) -> Vec<u8> {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    fn fmix(mut k: u64) -> u64 {
        k ^= k >> 33;
        k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
        k ^= k >> 33;
        k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        k ^ (k >> 33)
    }
    let mix1 = |k: u64| k.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
    let mix2 = |k: u64| k.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
    let (mut h1, mut h2) = (0u64, 0u64);
    let mut blocks = data.chunks_exact(16);
    for block in &mut blocks {
        let mut k1 = [0u8; 8];
        let mut k2 = [0u8; 8];
        k1.copy_from_slice(&block[..8]);
        k2.copy_from_slice(&block[8..]);
        h1 ^= mix1(u64::from_le_bytes(k1));
        h1 = h1
            .rotate_left(27)
            .wrapping_add(h2)
            .wrapping_mul(5)
            .wrapping_add(0x52dc_e729);
        h2 ^= mix2(u64::from_le_bytes(k2));
        h2 = h2
            .rotate_left(31)
            .wrapping_add(h1)
            .wrapping_mul(5)
            .wrapping_add(0x3849_5ab5);
    }
    let tail = blocks.remainder();
    let mut k1 = 0u64;
    let mut k2 = 0u64;
    for (i, byte) in tail.iter().enumerate() {
        if i < 8 {
            k1 |= u64::from(*byte) << (8 * i);
        } else {
            k2 |= u64::from(*byte) << (8 * (i - 8));
        }
    }
    if tail.len() > 8 {
        h2 ^= mix2(k2);
    }
    if !tail.is_empty() {
        h1 ^= mix1(k1);
    }
    let length = data.len() as u64;
    h1 ^= length;
    h2 ^= length;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    let mut out = Vec::with_capacity(16);
    out.extend_from_slice(&h1.to_le_bytes());
    out.extend_from_slice(&h2.to_le_bytes());
    out
}

fn to_hex(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, batch.rows * 16);
    let mut buffer = String::new();
    for i in 0..batch.rows {
        match input.get(i) {
            Some(v) => {
                buffer.clear();
                buffer.push_str(&hex::encode_upper(v));
                out.append_value(&buffer);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn from_hex(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.strings(0)?;
    let mut out = BinaryBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        match input.get(i) {
            Some(v) => {
                if v.len() % 2 != 0 {
                    return Err(invalid_argument(format!(
                        "invalid input length {}",
                        v.len()
                    )));
                }
                let decoded = hex::decode(v).map_err(|e| {
                    let message = match e {
                        hex::FromHexError::InvalidHexCharacter { c, .. } => {
                            format!("invalid hex character: {c}")
                        }
                        other => other.to_string(),
                    };
                    invalid_argument(message)
                })?;
                out.append_value(decoded);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn to_base64(batch: &Batch, engine: &GeneralPurpose) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    let mut buffer = String::new();
    for i in 0..batch.rows {
        match input.get(i) {
            Some(v) => {
                buffer.clear();
                engine.encode_string(v, &mut buffer);
                out.append_value(&buffer);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

fn from_base64(batch: &Batch, engine: &GeneralPurpose) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let mut out = BinaryBuilder::with_capacity(batch.rows, 0);
    let mut buffer = Vec::new();
    for i in 0..batch.rows {
        match input.get(i) {
            Some(v) => {
                buffer.clear();
                engine
                    .decode_vec(v, &mut buffer)
                    .map_err(|e| invalid_argument(e.to_string()))?;
                out.append_value(&buffer);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// RFC 4648 base32 with padding, as Trino's `to_base32`.
fn to_base32(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        out.append_option(input.get(i).map(|v| data_encoding::BASE32.encode(v)));
    }
    batch.finish(Arc::new(out.finish()))
}

/// RFC 4648 base32 (upper-case alphabet); the trailing padding may be left out.
fn from_base32(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let mut out = BinaryBuilder::with_capacity(batch.rows, 0);
    for i in 0..batch.rows {
        match input.get(i) {
            Some(v) => {
                let end = v.iter().rposition(|&c| c != b'=').map_or(0, |p| p + 1);
                let decoded = data_encoding::BASE32_NOPAD
                    .decode(&v[..end])
                    .map_err(|e| invalid_argument(format!("Invalid base32 input: {e}")))?;
                out.append_value(decoded);
            }
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// Builds `varbinary` values of a fixed width from row `i`'s encoding.
fn encode_fixed<const N: usize>(
    batch: &Batch,
    value: impl Fn(usize) -> Option<[u8; N]>,
) -> Result<ColumnarValue> {
    let mut out = BinaryBuilder::with_capacity(batch.rows, batch.rows * N);
    for i in 0..batch.rows {
        match value(i) {
            Some(bytes) => out.append_value(bytes),
            None => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

/// Trino's message for an integer encoding of the wrong length.
fn integer_length(expected: usize, actual: usize) -> String {
    format!("expected {expected}-byte input, but got instead: {actual}")
}

/// Trino's message for an IEEE 754 encoding of the wrong length.
fn float_length(expected: usize, _actual: usize) -> String {
    format!("Input floating-point value must be exactly {expected} bytes long")
}

/// Reads exactly `N` bytes from every value of argument 0; other lengths fail with
/// `message(N, length)`.
fn decode_fixed<const N: usize>(
    batch: &Batch,
    message: fn(usize, usize) -> String,
    mut append: impl FnMut(Option<[u8; N]>),
) -> Result<()> {
    let input: Bytes = batch.bytes(0)?;
    for i in 0..batch.rows {
        match input.get(i) {
            Some(v) => {
                let bytes: [u8; N] = v
                    .try_into()
                    .map_err(|_| invalid_argument(message(N, v.len())))?;
                append(Some(bytes));
            }
            None => append(None),
        }
    }
    Ok(())
}

/// `from_utf8(binary [, replace])`: invalid sequences become U+FFFD, or `replace` (a single
/// character or nothing).
fn from_utf8(batch: &Batch) -> Result<ColumnarValue> {
    let input = batch.bytes(0)?;
    let replacements = (batch.args.len() > 1)
        .then(|| batch.strings(1))
        .transpose()?;
    let mut out = StringBuilder::with_capacity(batch.rows, 0);
    let mut buffer = String::new();
    for i in 0..batch.rows {
        let replacement = replacements.map_or(Some("\u{FFFD}"), |r| r.get(i));
        match (input.get(i), replacement) {
            (Some(v), Some(replacement)) => {
                if replacement.chars().count() > 1 {
                    return Err(invalid_argument(
                        "Replacement character string must empty or a single character",
                    ));
                }
                buffer.clear();
                for chunk in v.utf8_chunks() {
                    buffer.push_str(chunk.valid());
                    if !chunk.invalid().is_empty() {
                        buffer.push_str(replacement);
                    }
                }
                out.append_value(&buffer);
            }
            _ => out.append_null(),
        }
    }
    batch.finish(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::args::testing::{b, call, i, s};
    use datafusion::common::ScalarValue;

    fn udf(name: &str) -> ScalarUDF {
        binary_functions()
            .into_iter()
            .find(|f| f.name() == name)
            .expect("function")
    }

    fn bytes(value: ScalarValue) -> Vec<u8> {
        match value {
            ScalarValue::Binary(Some(v)) => v,
            other => panic!("not binary: {other:?}"),
        }
    }

    #[test]
    fn murmur3_matches_trino_docs() {
        // SELECT murmur3(from_base64('aaaaaa')) -- ba 58 55 63 55 69 b4 2f 49 20 37 2c a0 e3 96 ef
        let input = call(&udf("from_base64"), vec![s("aaaaaa")]).unwrap();
        let hashed = bytes(call(&udf("murmur3"), vec![input]).unwrap());
        assert_eq!(hex::encode(hashed), "ba5855635569b42f4920372ca0e396ef");
    }

    #[test]
    fn hashes_of_known_vectors() {
        // RFC 1321 / FIPS 180 test vectors for "abc".
        let abc = || vec![b(b"abc")];
        let hex_of = |name| hex::encode(bytes(call(&udf(name), abc()).unwrap()));
        assert_eq!(hex_of("md5"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(hex_of("sha1"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            hex_of("sha256"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // xxHash64 of the empty input, seed 0, is 0xEF46DB3751D8E999.
        let empty = bytes(call(&udf("xxhash64"), vec![b(b"")]).unwrap());
        assert_eq!(hex::encode(empty), "ef46db3751d8e999");
        // CRC-32 of "123456789" is 0xCBF43926.
        let crc = call(&udf("crc32"), vec![b(b"123456789")]).unwrap();
        assert_eq!(crc, ScalarValue::Int64(Some(0xCBF4_3926)));
    }

    #[test]
    fn codecs() {
        assert_eq!(
            call(&udf("to_hex"), vec![b(&[0xab, 0x01])]).unwrap(),
            s("AB01")
        );
        assert_eq!(
            bytes(call(&udf("from_hex"), vec![s("aB01")]).unwrap()),
            [0xab, 1]
        );
        assert!(call(&udf("from_hex"), vec![s("abc")]).is_err());
        assert!(call(&udf("from_hex"), vec![s("zz")]).is_err());
        assert_eq!(
            call(&udf("to_base64"), vec![b(b"hello")]).unwrap(),
            s("aGVsbG8=")
        );
        assert_eq!(
            bytes(call(&udf("from_base64"), vec![s("aGVsbG8")]).unwrap()),
            b"hello"
        );
        assert_eq!(
            call(&udf("to_base64url"), vec![b(&[0xfb, 0xff])]).unwrap(),
            s("-_8=")
        );
        assert_eq!(
            bytes(call(&udf("from_base64url"), vec![s("-_8=")]).unwrap()),
            [0xfb, 0xff]
        );
        assert!(call(&udf("from_base64"), vec![s("!!")]).is_err());
    }

    #[test]
    fn base32_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(
                call(&udf("to_base32"), vec![b(plain.as_bytes())]).unwrap(),
                s(encoded)
            );
            assert_eq!(
                bytes(call(&udf("from_base32"), vec![s(encoded)]).unwrap()),
                plain.as_bytes()
            );
        }
        // Padding may be left out; varbinary input is read as its characters.
        assert_eq!(
            bytes(call(&udf("from_base32"), vec![s("MZXW6YQ")]).unwrap()),
            b"foob"
        );
        assert_eq!(
            bytes(call(&udf("from_base32"), vec![b(b"MZXW6===")]).unwrap()),
            b"foo"
        );
        assert!(call(&udf("from_base32"), vec![s("M1======")]).is_err());
        assert!(call(&udf("from_base32"), vec![s("MZX")]).is_err());
    }

    #[test]
    fn hmac_rfc2202_and_rfc4231_vectors() {
        let data = b"what do ya want for nothing?";
        let hex_of =
            |name| hex::encode(bytes(call(&udf(name), vec![b(data), b(b"Jefe")]).unwrap()));
        assert_eq!(hex_of("hmac_md5"), "750c783e6ab0b503eaa86e310a5db738");
        assert_eq!(
            hex_of("hmac_sha1"),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            hex_of("hmac_sha256"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex_of("hmac_sha512"),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
             9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        );
        // RFC 4231 test case 6: a key longer than the block size is hashed first.
        let long_key = [0xaa; 131];
        let mac = bytes(
            call(
                &udf("hmac_sha256"),
                vec![
                    b(b"Test Using Larger Than Block-Size Key - Hash Key First"),
                    b(&long_key),
                ],
            )
            .unwrap(),
        );
        assert_eq!(
            hex::encode(mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        let null_key = call(&udf("hmac_md5"), vec![b(b"x"), ScalarValue::Binary(None)]).unwrap();
        assert_eq!(null_key, ScalarValue::Binary(None));
    }

    #[test]
    fn integer_encodings() {
        let encoded = bytes(call(&udf("to_big_endian_64"), vec![i(1)]).unwrap());
        assert_eq!(encoded, [0, 0, 0, 0, 0, 0, 0, 1]);
        let decoded = call(&udf("from_big_endian_64"), vec![b(&encoded)]).unwrap();
        assert_eq!(decoded, ScalarValue::Int64(Some(1)));
        assert!(call(&udf("from_big_endian_64"), vec![b(&[1, 2])]).is_err());
        let encoded = bytes(call(&udf("to_big_endian_32"), vec![i(-2)]).unwrap());
        assert_eq!(encoded, [0xff, 0xff, 0xff, 0xfe]);
        let double =
            bytes(call(&udf("to_ieee754_64"), vec![ScalarValue::Float64(Some(1.0))]).unwrap());
        assert_eq!(double, [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
        let error = call(&udf("from_ieee754_64"), vec![b(&[0; 4])]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("Input floating-point value must be exactly 8 bytes long")
        );
    }

    #[test]
    fn single_precision_encodings() {
        let real =
            bytes(call(&udf("to_ieee754_32"), vec![ScalarValue::Float32(Some(1.0))]).unwrap());
        assert_eq!(real, [0x3f, 0x80, 0, 0]);
        let negative = bytes(
            call(
                &udf("to_ieee754_32"),
                vec![ScalarValue::Float32(Some(-2.5))],
            )
            .unwrap(),
        );
        assert_eq!(negative, [0xc0, 0x20, 0, 0]);
        let decoded = call(&udf("from_ieee754_32"), vec![b(&[0x3f, 0x80, 0, 0])]).unwrap();
        assert_eq!(decoded, ScalarValue::Float32(Some(1.0)));
        let error = call(&udf("from_ieee754_32"), vec![b(&[0, 0])]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("Input floating-point value must be exactly 4 bytes long")
        );
    }

    #[test]
    fn utf8() {
        assert_eq!(
            bytes(call(&udf("to_utf8"), vec![s("é")]).unwrap()),
            [0xc3, 0xa9]
        );
        let decoded = call(&udf("from_utf8"), vec![b(&[b'a', 0xff, b'b'])]).unwrap();
        assert_eq!(decoded, s("a\u{FFFD}b"));
        let replaced = call(&udf("from_utf8"), vec![b(&[b'a', 0xff]), s("?")]).unwrap();
        assert_eq!(replaced, s("a?"));
        let removed = call(&udf("from_utf8"), vec![b(&[b'a', 0xff]), s("")]).unwrap();
        assert_eq!(removed, s("a"));
    }
}
