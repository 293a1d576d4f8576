import pytest

from app.services.vault import WrongKey, derive_key, new_salt, seal, unseal

FAST = 2**10  # tests need not pay scrypt's full cost


def test_the_access_code_opens_what_it_sealed_even_typed_in_lower_case() -> None:
    salt = new_salt()
    blob = seal(b'{"challenges": []}', derive_key("BCRQ72", salt, n=FAST), associated=b"s1")
    assert unseal(blob, derive_key("bcrq 72", salt, n=FAST), associated=b"s1") == (
        b'{"challenges": []}'
    )


@pytest.mark.parametrize("code,associated", [("BCRQ73", b"s1"), ("BCRQ72", b"s2")])
def test_a_wrong_code_or_another_session_is_refused(code: str, associated: bytes) -> None:
    salt = new_salt()
    blob = seal(b"secret", derive_key("BCRQ72", salt, n=FAST), associated=b"s1")
    with pytest.raises(WrongKey):
        unseal(blob, derive_key(code, salt, n=FAST), associated=associated)


def test_damaged_or_foreign_blobs_are_refused() -> None:
    key = derive_key("BCRQ72", new_salt(), n=FAST)
    blob = bytearray(seal(b"secret", key))
    blob[-1] ^= 1
    for bad in (bytes(blob), b"", b"\x02" + bytes(40)):
        with pytest.raises(WrongKey):
            unseal(bad, key)


def test_the_real_cost_is_used_by_default() -> None:
    salt = new_salt()
    assert derive_key("BCRQ72", salt) == derive_key("BCRQ72", salt)
    assert derive_key("BCRQ72", salt) != derive_key("BCRQ72", salt, n=FAST)
