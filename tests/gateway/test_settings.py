from pathlib import Path

import pytest

from gateway.settings import SettingsError, load_settings

BASE = {"SECRET_KEY": "s" * 32, "TWILIO_AUTH_TOKEN": "t" * 32}


def test_defaults_give_sqlite_under_instance(tmp_path):
    settings = load_settings({**BASE, "INSTANCE_DIR": str(tmp_path)}, ())
    assert settings.DATABASE_URL == f"sqlite:///{tmp_path.resolve()}/lapor.db"
    assert settings.SMS_BACKEND == "console" and settings.VOICE_PROMPTS == "auto"


def test_settings_are_frozen_and_hide_secrets():
    settings = load_settings(BASE, ())
    with pytest.raises(Exception, match="frozen"):
        settings.SMS_BACKEND = "twilio"  # type: ignore[misc]
    assert "s" * 32 not in repr(settings) and "t" * 32 not in repr(settings)


def test_every_bad_variable_is_named_at_once():
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {"SECRET_KEY": "short", "SMS_BACKEND": "carrier-pigeon", "OPERATOR_NUMBER": "0812",
             "PUBLIC_BASE_URL": "lapor.batukota.go.id"},
            (),
        )
    message = str(caught.value)
    assert "TWILIO_AUTH_TOKEN is not set" in message
    assert "SECRET_KEY='<hidden>': expected at least 16 characters" in message
    assert "'short'" not in message
    assert "SMS_BACKEND='carrier-pigeon': expected" in message and "'kannel'" in message
    assert "OPERATOR_NUMBER='0812': expected a phone number in E.164" in message
    assert "PUBLIC_BASE_URL='lapor.batukota.go.id': expected an http(s) URL" in message


def test_dial_handoff_needs_an_operator_number():
    with pytest.raises(SettingsError, match="OPERATOR_NUMBER is not set.*OPERATOR_HANDOFF=dial"):
        load_settings({**BASE, "OPERATOR_HANDOFF": "dial"}, ())


def test_dotenv_file_fills_gaps_and_environment_wins(tmp_path: Path):
    env = tmp_path / ".env"
    env.write_text("SECRET_KEY=from-dotenv-file-000000\nLOG_LEVEL=debug\nSMS_BACKEND=kannel\n")
    settings = load_settings({"TWILIO_AUTH_TOKEN": "t" * 32, "SMS_BACKEND": "console"}, (env,))
    assert settings.SECRET_KEY.get_secret_value() == "from-dotenv-file-000000"
    assert settings.LOG_LEVEL == "DEBUG"
    assert settings.SMS_BACKEND == "console"


def test_plain_postgresql_url_uses_psycopg3():
    settings = load_settings({**BASE, "DATABASE_URL": "postgresql://postgres@127.0.0.1/test"}, ())
    assert settings.DATABASE_URL == "postgresql+psycopg://postgres@127.0.0.1/test"


def test_public_base_url_trailing_slash_is_dropped():
    settings = load_settings({**BASE, "PUBLIC_BASE_URL": "https://lapor.example.go.id/"}, ())
    assert settings.public_url("/twilio/voice", "http://10.0.0.5:5000/") == (
        "https://lapor.example.go.id/twilio/voice"
    )


def test_env_example_is_valid_once_secrets_are_filled():
    from gateway.settings import PROJECT_ROOT

    settings = load_settings(BASE, (PROJECT_ROOT / "config" / ".env.example",))
    assert settings.SMS_BACKEND == "console" and settings.OPERATOR_HANDOFF == "enqueue"


def test_say_voice_default_leaves_the_voice_to_the_provider():
    assert load_settings({**BASE, "SAY_VOICE": "default"}, ()).SAY_VOICE == ""
