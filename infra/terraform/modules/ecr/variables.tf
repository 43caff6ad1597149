variable "name" {
  description = "Repository name (also the image name)."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the images."
  type        = string
}

variable "keep_images" {
  description = "How many images to keep; older ones expire (each is a possible rollback)."
  type        = number
  default     = 50
}
