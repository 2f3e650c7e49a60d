import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test sees the bundled national gazetteer, loaded once per session."""
    from thitsa.places.gazetteer import load_bundled

    with django_db_blocker.unblock():
        load_bundled()
