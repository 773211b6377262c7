"""Trainers see and manage only the cohorts they are assigned to."""
from training.extensions import db


def test_trainer_sees_only_own_cohorts(login_as, make):
    client, trainer = login_as("trainer")
    mine = make.cohort(name="Cadets of mine", trainers=[trainer])
    other = make.cohort(name="Someone else's judges")
    page = client.get("/cohorts/").get_data(as_text=True)
    assert "Cadets of mine" in page and "Someone else&#39;s judges" not in page
    assert client.get(f"/cohorts/{mine.slug}/").status_code == 200
    assert client.get(f"/cohorts/{other.slug}/").status_code == 403
    assert client.get("/cohorts/no-such-cohort/").status_code == 404


def test_cohort_page_lists_trainees_with_azerbaijani_names(login_as, make):
    client, trainer = login_as("trainer")
    cohort = make.cohort(trainers=[trainer])
    make.user("trainee", name="Şəhla Əliyeva İlqar qızı", cohorts=[cohort])
    page = client.get(f"/cohorts/{cohort.slug}/?lang=az").get_data(as_text=True)
    assert "Şəhla Əliyeva İlqar qızı" in page
    assert "Təlim iştirakçıları (1)" in page


def test_trainee_cannot_open_cohort_pages(login_as, make):
    cohort = make.cohort()
    client, _trainee = login_as("trainee", cohorts=[cohort])
    assert client.get("/cohorts/").status_code == 403
    assert client.get(f"/cohorts/{cohort.slug}/").status_code == 403


def test_cohort_page_query_count_does_not_grow_with_trainees(login_as, make, count_queries):
    client, trainer = login_as("trainer")
    cohort = make.cohort(trainers=[trainer])
    for _ in range(3):
        make.user("trainee", cohorts=[cohort])
    with count_queries() as small:
        assert client.get(f"/cohorts/{cohort.slug}/").status_code == 200
    for _ in range(60):
        make.user("trainee", cohorts=[cohort])
    db.session.commit()
    with count_queries() as large:
        assert client.get(f"/cohorts/{cohort.slug}/").status_code == 200
    assert large.count == small.count <= 10
