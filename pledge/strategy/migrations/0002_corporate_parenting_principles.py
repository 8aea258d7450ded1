"""The seven Corporate Parenting Principles, Children and Social Work Act 2017 s.1(1)(a) to (g).

A fixed taxonomy shipped with the product. The statutory text is the Act's own words after
"have regard to the need"; the plain text is ours, written to children and young people.
"""

from django.db import migrations

PRINCIPLES = [
    (
        1,
        "Best interests, health and well-being",
        "to act in the best interests, and promote the physical and mental health and "
        "well-being, of those children and young people",
        "We will act in your best interests and look after your physical and mental health "
        "and well-being.",
    ),
    (
        2,
        "Express views, wishes and feelings",
        "to encourage those children and young people to express their views, wishes and feelings",
        "We will encourage you to tell us what you think, what you want and how you feel.",
    ),
    (
        3,
        "Take views, wishes and feelings into account",
        "to take into account the views, wishes and feelings of those children and young people",
        "We will listen to what you tell us and take it into account.",
    ),
    (
        4,
        "Access to services",
        "to help those children and young people gain access to, and make the best use of, "
        "services provided by the local authority and its relevant partners",
        "We will help you find and make the best use of the services the council and its "
        "partners provide.",
    ),
    (
        5,
        "High aspirations and best outcomes",
        "to promote high aspirations, and seek to secure the best outcomes, for those children "
        "and young people",
        "We will have high hopes for you and help you get the best out of life.",
    ),
    (
        6,
        "Safety and stability",
        "for those children and young people to be safe, and for stability in their home lives, "
        "relationships and education or work",
        "We will help you be safe, and have a settled home, steady relationships and stability "
        "at school, college or work.",
    ),
    (
        7,
        "Preparing for adulthood",
        "to prepare those children and young people for adulthood and independent living",
        "We will help you get ready for adult life and living on your own.",
    ),
]


def add_principles(apps, schema_editor):
    Principle = apps.get_model("strategy", "Principle")
    for number, short_name, statutory_text, plain_text in PRINCIPLES:
        Principle.objects.update_or_create(
            number=number,
            defaults={
                "short_name": short_name,
                "statutory_text": statutory_text,
                "plain_text": plain_text,
            },
        )


def remove_principles(apps, schema_editor):
    apps.get_model("strategy", "Principle").objects.filter(
        number__in=[number for number, *_ in PRINCIPLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(add_principles, remove_principles)]
