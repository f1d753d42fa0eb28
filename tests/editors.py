"""People who use the admin, as the README tells an administrator to set them up."""

from django.apps import apps
from django.contrib.auth.models import Group, User

from editing.roles import EDITORS_GROUP, create_editors_group


def make_editor(username="editor"):
    """A staff member in the "Directory editors" group, not a superuser."""
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-password-1")
    user.is_staff = True
    user.save()
    if not Group.objects.filter(name=EDITORS_GROUP).exists():
        create_editors_group(apps)  # a transactional test's flush removed the migration's group
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def make_admin(username="admin"):
    return User.objects.create_superuser(username, f"{username}@example.org", "a-long-password-1")
