"""Pledge's two Local Offer taxonomies, with ids fixed for every deployment.

The seven areas are those of the DfE's statutory guidance on the Local Offer for care leavers
(February 2018, paragraph 12), which follows the Children and Social Work Act 2017 s.2(2). The
ids are the same in every Pledge deployment, so anyone reading several boards' Open Referral UK
APIs can tell that "Accommodation" means the same thing in each. Never change them.
"""

from django.db import migrations

TAXONOMIES = [
    (
        "413640a1-986f-4187-bddb-0d384a6a4baf",
        "local-offer-areas",
        "Care leavers' Local Offer areas",
        "The seven areas the Local Offer for care leavers covers, from the Department for "
        "Education's statutory guidance (2018) on the Children and Social Work Act 2017 s.2.",
        [
            (
                "0459d632-ddd7-42e4-9c8a-82bb1da7d5bf",
                "health-and-wellbeing",
                "Health and wellbeing",
                "Staying healthy, your mental health, doctors, dentists and prescriptions.",
            ),
            (
                "f8b62d39-986f-4219-8b47-0a7148a83741",
                "relationships",
                "Relationships",
                "Keeping in touch with people who matter to you and getting support when you "
                "need it.",
            ),
            (
                "538d0efe-8d68-4637-aa7d-bfc8a897b9c1",
                "financial-stability",
                "Financial stability",
                "Money you can get, help with bills and learning to manage your money.",
            ),
            (
                "5f726ca0-f9f4-473c-8928-d85bdc146477",
                "participation-in-society",
                "Participation in society",
                "Having your say, leisure, getting around and your identity documents.",
            ),
            (
                "b13d09ca-7c72-40c6-993f-afee15010280",
                "accommodation",
                "Accommodation",
                "Finding a home, setting it up and keeping it.",
            ),
            (
                "8be2c323-3549-4a31-8464-76db1dc0020c",
                "education-and-training",
                "Education and training",
                "College, university, apprenticeships and the help you can get while you learn.",
            ),
            (
                "8a43f4cd-8540-4532-b954-7e9b860ce785",
                "employment",
                "Employment",
                "Finding work, work experience and support when you start a job.",
            ),
        ],
    ),
    (
        "b5595196-cded-442b-83cc-de3cbe6845c0",
        "local-offer-entitlement-type",
        "Local Offer entitlement type",
        "Whether something in the Local Offer is a statutory entitlement, which the law says "
        "care leavers must get, or a discretionary offer the council and its partners choose "
        "to make.",
        [
            (
                "0ed25322-937a-4429-a88c-0686ac89894e",
                "statutory",
                "Statutory entitlement",
                "The law says you can get this.",
            ),
            (
                "bfc646a0-f446-4990-b6ea-2ded3b8d10f9",
                "discretionary",
                "Discretionary offer",
                "Your council and its partners choose to offer this to you.",
            ),
        ],
    ),
]


def add_taxonomies(apps, schema_editor):
    Taxonomy = apps.get_model("offer", "Taxonomy")
    TaxonomyTerm = apps.get_model("offer", "TaxonomyTerm")
    for uuid, slug, name, description, terms in TAXONOMIES:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            uuid=uuid,
            defaults={"slug": slug, "name": name, "description": description, "version": "1"},
        )
        for position, (term_uuid, term_slug, term_name, term_description) in enumerate(terms, 1):
            TaxonomyTerm.objects.update_or_create(
                uuid=term_uuid,
                defaults={
                    "taxonomy": taxonomy,
                    "slug": term_slug,
                    "name": term_name,
                    "description": term_description,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("offer", "0001_initial")]

    operations = [migrations.RunPython(add_taxonomies, migrations.RunPython.noop)]
