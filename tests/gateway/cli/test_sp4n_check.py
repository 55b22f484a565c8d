"""`lapor sp4n check` against a fake LAPOR! over HTTP: the token works, is refused, or the
bridge is off."""

from __future__ import annotations

from tests.gateway.sp4n.fake_lapor import TOKEN, FakeLapor


def test_check_says_whether_lapor_takes_the_token(run, settings_env, monkeypatch):
    result = run("sp4n", "check")
    assert result.exit_code == 1 and "the bridge is off" in result.output
    with FakeLapor() as lapor:
        monkeypatch.setenv("LAPOR_SP4N_URL", lapor.url)
        monkeypatch.setenv("LAPOR_SP4N_TOKEN", TOKEN)
        result = run("sp4n", "check")
        assert result.exit_code == 0, result.output
        assert "2 topics; the token works" in result.output
        monkeypatch.setenv("LAPOR_SP4N_TOKEN", "salah")
        result = run("sp4n", "check")
        assert result.exit_code == 1 and "refused the token (HTTP 401)" in result.output


def test_config_check_warns_of_an_address_without_a_token(run, monkeypatch):
    assert "LAPOR_SP4N" not in run("config", "check").output
    monkeypatch.setenv("LAPOR_SP4N_URL", "https://api.lapor.go.id")
    result = run("config", "check")
    assert result.exit_code == 0
    assert "warning: LAPOR_SP4N_URL is set but LAPOR_SP4N_TOKEN is empty" in result.output
    monkeypatch.setenv("LAPOR_SP4N_SUBMIT_PATH", "kirim laporan")
    result = run("config", "check")
    assert result.exit_code == 1 and "LAPOR_SP4N_SUBMIT_PATH" in result.output
