"""What `flask demo load` creates. Every demo password is printed by the command."""

ORGANISATIONS = [
    ("police-academy", "Police Academy of the Ministry of Internal Affairs"),
    ("justice-academy", "Academy of Justice"),
    ("penitentiary-service", "Penitentiary Service"),
    ("migration-service", "State Migration Service"),
]

ADMIN = ("admin@npm.example", "Aynur Hüseynova", "admin")
TRAINERS = [
    ("trainer.lawyer@npm.example", "Rəşad Məmmədov", "trainer"),
    ("trainer.doctor@npm.example", "Dr. Leyla Qasımova", "trainer"),
]

COHORTS = [
    ("pa-2026-autumn", "Police Academy cadets, 2026 autumn intake", "police-academy",
     ["trainer.lawyer@npm.example"]),
    ("ja-2026-judges", "Judge candidates, 2026 course", "justice-academy",
     ["trainer.lawyer@npm.example", "trainer.doctor@npm.example"]),
]

TRAINEES = [
    ("cadet.elvin@npm.example", "Elvin Əliyev", "police-academy", "pa-2026-autumn"),
    ("cadet.gunel@npm.example", "Günel İsmayılova", "police-academy", "pa-2026-autumn"),
    ("cadet.orxan@npm.example", "Orxan Şükürov", "police-academy", "pa-2026-autumn"),
    ("judge.sehla@npm.example", "Şəhla Əliyeva İlqar qızı", "justice-academy", "ja-2026-judges"),
    ("judge.igor@npm.example", "Игорь Ковалёв", "justice-academy", "ja-2026-judges"),
]

PASSWORDS = {"admin": "demo-admin-2026", "trainer": "demo-trainer-2026", "trainee": "demo-trainee-2026"}
