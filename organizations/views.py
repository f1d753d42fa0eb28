from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from organizations.models import Organization


@require_GET
def organization_detail(request, slug):
    """An organization and its programs. Template: organizations/organization_detail.html."""
    organization = get_object_or_404(Organization.objects.published(), slug=slug)
    return render(request, "organizations/organization_detail.html", {"organization": organization})
