"""Catalogs are read from the .po files into memory: nothing is written beside the code."""
from consultation import i18n


def test_catalogs_load_in_memory_and_translate_without_writing_files(tmp_path, monkeypatch):
    before = sorted(i18n.LOCALES_DIR.rglob("*"))
    i18n.translations.cache_clear()
    try:
        zh, en = i18n.translations("zh_CN"), i18n.translations("en")
        pos = list(i18n.LOCALES_DIR.glob("*/zh_CN/LC_MESSAGES/messages.po"))
        assert len(pos) >= 5
        # Every area contributes: a message id from each zh_CN catalog is translated.
        from babel.messages.pofile import read_po
        for po in pos:
            with po.open("rb") as f:
                catalog = read_po(f)
            translated = [m for m in catalog if m.id and m.string and isinstance(m.id, str)]
            assert translated, po
            assert zh.ugettext(translated[0].id) == translated[0].string
        assert en.ugettext(translated[0].id) != translated[0].string
    finally:
        i18n.translations.cache_clear()
    assert sorted(i18n.LOCALES_DIR.rglob("*")) == before
